package org.elementvault.engine.chunk;

/**
 * A snapshot of a {@link ChunkCache}'s counters, for metrics. Counts only: no tenant, dataset or
 * value.
 *
 * @param bytes decrypted bytes held now (entries still being read after their eviction included)
 * @param entries chunks held now
 * @param hits reads served from the cache
 * @param misses reads that decrypted
 * @param evictions chunks removed to stay within the budget (invalidations not counted)
 */
public record ChunkCacheStats(long bytes, long entries, long hits, long misses, long evictions) {}
