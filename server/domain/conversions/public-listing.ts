import type { Feature, FeatureCollection, Point } from "../geojson.js";
import type { Label } from "../labels.js";
import {
  type CommunityUse,
  type ConversionStatus,
  communityUseLabels,
  conversionStatusLabels,
} from "./conversion-flow.js";
import { type DisposalMethod, disposalMethodLabels } from "./disposal-options.js";

/**
 * What the public sees of the outflow of idle space (disclosure, DOMAIN.md workflow 6): published
 * conversions and idle sites on offer. Every public field is named here, nothing is passed through.
 */

/**
 * Columns and fields that must never reach a public response: people (names, accounts), units using
 * rooms, tenants, buyers and rents, title certificates and holders, internal notes and decisions,
 * budgets. Tests check public responses against this list.
 */
export const sensitiveFields = [
  "note",
  "decision_note",
  "decisionNote",
  "tenant",
  "annual_rent",
  "annualRent",
  "buyer",
  "sale_price",
  "salePrice",
  "occupant_unit_id",
  "occupantUnitId",
  "unit_id",
  "unitId",
  "title_certificate_no",
  "titleCertificateNo",
  "title_holder",
  "titleHolder",
  "proposed_by",
  "proposedBy",
  "approved_by",
  "approvedBy",
  "completed_by",
  "completedBy",
  "recorded_by",
  "separated_by",
  "username",
  "display_name",
  "name_of_person",
  "estimated_cost",
  "estimatedCost",
  "annual_operating_cost",
  "funding_source",
  "room_ids",
  "roomIds",
  "version",
] as const;

export interface PublishedConversion {
  readonly id: number;
  readonly name: string;
  readonly regionName: string | null;
  readonly siteName: string | null;
  readonly uses: ReadonlyArray<{ kind: string; name: string; area: number }>;
  readonly area: number;
  readonly status: ConversionStatus;
  readonly summary: string | null;
  readonly publishedAt: string | null;
  readonly location: Point | null;
}

export interface PublishedOffer {
  readonly id: number;
  readonly name: string;
  readonly regionName: string | null;
  readonly method: DisposalMethod;
  readonly area: number;
  /** 万元: the reserve price of an auction is part of its public announcement. */
  readonly reservePrice: number | null;
  readonly publishedAt: string | null;
  readonly location: Point | null;
}

const useLabel = (kind: string): Label =>
  communityUseLabels[kind as CommunityUse] ?? communityUseLabels.other;

/** The public GeoJSON of the listings: `kind` conversion or offer, labels in Chinese and English. */
export function publicListing(
  conversions: readonly PublishedConversion[],
  offers: readonly PublishedOffer[],
): FeatureCollection<Point | null, Record<string, unknown>> {
  const features: Array<Feature<Point | null, Record<string, unknown>>> = [
    ...conversions.map((conversion) => ({
      type: "Feature" as const,
      id: `conversion-${conversion.id}`,
      geometry: conversion.location,
      properties: {
        kind: "conversion",
        id: conversion.id,
        name: conversion.name,
        regionName: conversion.regionName,
        siteName: conversion.siteName,
        area: conversion.area,
        status: conversion.status,
        statusLabel: conversionStatusLabels[conversion.status],
        uses: conversion.uses.map((use) => ({
          kind: use.kind,
          name: use.name,
          area: use.area,
          label: useLabel(use.kind),
        })),
        summary: conversion.summary,
        publishedAt: conversion.publishedAt,
      },
    })),
    ...offers.map((offer) => ({
      type: "Feature" as const,
      id: `offer-${offer.id}`,
      geometry: offer.location,
      properties: {
        kind: "offer",
        id: offer.id,
        name: offer.name,
        regionName: offer.regionName,
        method: offer.method,
        methodLabel: disposalMethodLabels[offer.method],
        area: offer.area,
        reservePrice: offer.reservePrice,
        publishedAt: offer.publishedAt,
      },
    })),
  ];
  return { type: "FeatureCollection", features };
}
