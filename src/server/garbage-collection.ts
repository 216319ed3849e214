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

/**
 * Lets the old generation grow to twice what the last full collection kept before the next one, instead
 * of the up to four times V8 allows a heap whose collections are quick.
 *
 * A server has 16 or so requests in flight at every young collection; their rows and representations
 * survive it and the next one, and go to the old generation (0.7 MB a collection at 5,000 ticket
 * details a second), where they die a few milliseconds later. With a live heap of ~31 MB, V8 let that
 * garbage pile up to 130–140 MB between full collections, and the server's peak RSS reached 227–251 MB
 * (bench/README.md, round 11). Growing by 2× it runs a full collection (3–6 ms, mostly concurrent) about
 * every second instead of every 3 s, and peaks at 159–164 MB with the same throughput; 1.5× began to
 * cost throughput and p99.
 */
export function keepHeapNearItsLiveSize(): void {
  v8.setFlagsFromString("--heap-growing-percent=100");
}
