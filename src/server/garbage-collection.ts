import v8 from "node:v8";

/**
 * Turns off V8's allocation-site pretenuring for the server process.
 *
 * V8 watches where objects are allocated; when most objects from one place in the code survive a young
 * collection, it starts allocating them straight into the old generation. Under load a server has many
 * requests in flight at every young collection, so the rows, strings and response pieces of those requests
 * look long-lived, their allocation sites get pretenured, and from then on each page's garbage lands in
 * the old generation: it needs full mark-compacts to go, and every young collection must also scan the
 * old objects' pointers into the young generation. With it off they die young, as they are.
 * Measured on a list page (bench/README.md, round 10): young-collection time per 10 s of load 1,352 →
 * 622–751 ms, mark-compacts 10 → 0–1, 22–24k → 27–30k pages in 10 s, peak RSS 234–240 → 213–222 MB.
 *
 * Set at run time rather than on the node command line so that every way of starting the server
 * (`npm start`, `node dist/cli/main.js serve`, its WEB_CONCURRENCY instances) gets it; V8 reads the flag
 * whenever it gathers allocation feedback, so it takes effect from here on.
 */
export function keepShortLivedObjectsYoung(): void {
  v8.setFlagsFromString("--no-allocation-site-pretenuring");
}
