/**
 * Models (DESIGN.md, Models): training inside the sandbox (the rules a training query must pass on
 * top of the element policy, the training itself with Tribuo, the noised release of coefficients,
 * or of a decision tree's leaves and importances, and fit metrics), registered ONNX models (checked
 * before they are stored) and scoring with either kind (ONNX Runtime, or a trained model's own
 * prediction, in memory, released only through an aggregate output query under the normal
 * protection), and the registry, which seals every model under its tenant's key. Must not release
 * training rows, residuals, per-person scores or predictions, nor any weight beyond what a training
 * released; there is no export.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.model;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
