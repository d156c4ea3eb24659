import { Hono } from "hono";
import { day, publishedDisclosure, publishedRegions } from "../../db/repositories/disclosure.repository.js";
import {
  provinceOutlines,
  publishedConversions,
  publishedOffers,
} from "../../db/repositories/public-listing.repository.js";
import { publicListing } from "../../domain/conversions/public-listing.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { geoJsonHeaders } from "../schemas.js";
import { disclosureIndexHtml, disclosureMissingHtml, disclosurePageHtml } from "./disclosure-page.js";
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
  // Each level's disclosure (信息公开), exactly as its administration published it.
  app.get("/api/regions", async (c) => c.json({ regions: await publishedRegions(db) }, 200));
  app.get("/regions", async (c) => c.html(disclosureIndexHtml(await publishedRegions(db))));
  app.get("/api/regions/:code{[0-9]{6,9}}", async (c) => {
    const published = await publishedDisclosure(db, c.req.param("code"));
    if (!published)
      return c.json(
        { error: { code: "not_found", message: "No published disclosure for this region", details: [] } },
        404,
      );
    return c.json({ ...published.content, publishedOn: day(published.publishedAt) }, 200);
  });
  app.get("/regions/:code{[0-9]{6,9}}", async (c) => {
    const code = c.req.param("code");
    const published = await publishedDisclosure(db, code);
    if (!published) return c.html(disclosureMissingHtml(code), 404);
    return c.html(disclosurePageHtml(published.content, day(published.publishedAt)));
  });
  app.get("/", (c) => c.redirect("/public/listings"));
  return app;
}
