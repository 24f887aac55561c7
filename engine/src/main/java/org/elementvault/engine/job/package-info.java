/**
 * Jobs: the durable record of every element run, from {@code RUNNING} to how it ended, with job ids
 * that are never handed out twice. A run's record is written before its work starts, so a crash
 * leaves it {@code RUNNING} and the next open marks it {@code INTERRUPTED}. Holds no data values
 * and runs nothing itself: the sandbox runs jobs and asks here whether one was cancelled.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.job;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
