package org.elementvault.bench.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the classes forbidden-apis must allow: those that read or make flight recordings through
 * {@code jdk.jfr}, a supported JDK module that its "non-portable" signatures list with the rest of
 * {@code jdk.*}.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface SuppressForbidden {}
