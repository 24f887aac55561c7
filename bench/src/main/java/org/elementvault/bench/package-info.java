/**
 * JMH benchmarks of ElementVault's hot paths: sealing and opening values, passphrase key
 * derivation, the operation log, and dataset import and scan (against DuckDB's CSV load, on data
 * from {@link org.elementvault.sandbox.sample.SyntheticResidents}). Fork, warm-up, measurement and
 * fork-JVM settings live in {@link org.elementvault.bench.AbstractMicrobenchmark}; {@link
 * org.elementvault.bench.BenchMain} runs the suites. Benchmarks measure the public APIs of the
 * modules below and must not reach into their internals, or the numbers would describe code that
 * production does not run.
 */
@NullMarked
package org.elementvault.bench;

import org.jspecify.annotations.NullMarked;
