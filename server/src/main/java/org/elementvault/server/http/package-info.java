/**
 * HTTP plumbing shared by the server and its client: routing of paths to handlers, the mapping of
 * error codes to statuses and back, the result encoders (JSON, CSV, Arrow IPC stream) and {@link
 * org.elementvault.server.http.HttpApi}, the client the CLI's remote mode uses. Nothing here
 * decides who may do what.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.server.http;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
