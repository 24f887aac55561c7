/**
 * The masking and generalization functions element queries may call (DESIGN.md, Masking and
 * generalization functions) as pure Java over plain types, and the catalogue of their SQL names and
 * the PII types each fits. Total over hostile values: null in gives null out and a malformed value
 * gives a fully masked one, never an exception that carries it. It must not know of Calcite, the
 * vault or any storage; the catalog adapter wraps these functions as SQL functions.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.masking;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
