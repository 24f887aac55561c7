/**
 * Models trained inside the sandbox (DESIGN.md, Models): the rules a training query must pass on
 * top of the element policy, the training itself (Tribuo), the noised release of its coefficients
 * and fit metrics, and the registry of trained models, sealed under their tenant's key. Must not
 * release training rows, residuals or predictions, nor any weight beyond what the training
 * released; there is no export.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.model;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
