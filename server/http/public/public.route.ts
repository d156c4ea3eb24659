import { Hono } from "hono";
import {
  provinceOutlines,
  publishedConversions,
  publishedOffers,
} from "../../db/repositories/public-listing.repository.js";
import { publicListing } from "../../domain/conversions/public-listing.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { geoJsonHeaders } from "../schemas.js";
import { renderPublicPage } from "./public-page.js";

/**
 * `/public/...`: what anyone may see without signing in: the published conversions and idle sites on
 * offer, as GeoJSON (`/public/api/listings`) and as a page with a static map (`/public/listings`).
 */
export function publicRoutes({ db }: AppDependencies) {
  const app = new Hono<AppEnv>();
  app.get("/api/listings", async (c) => {
    const [conversions, offers] = await Promise.all([publishedConversions(db), publishedOffers(db)]);
    return c.json(publicListing(conversions, offers), 200, geoJsonHeaders);
  });
  app.get("/listings", async (c) => {
    const [conversions, offers, outlines] = await Promise.all([
      publishedConversions(db),
      publishedOffers(db),
      provinceOutlines(db),
    ]);
    return c.html(renderPublicPage({ conversions, offers, outlines }));
  });
  app.get("/", (c) => c.redirect("/public/listings"));
  return app;
}
