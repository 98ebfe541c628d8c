/**
 * The output directory: {@link dev.conduit.cli.download.output.SafeNames} (a URL to a safe relative
 * file name), {@link dev.conduit.cli.download.output.OutputTree} (temporary files, and final names
 * claimed atomically by hard links), {@link dev.conduit.cli.download.output.BodySink} (how a body's
 * temporary file is opened) and {@link dev.conduit.cli.download.output.RunMarker} (which temporary
 * files belong to a killed run).
 */
package dev.conduit.cli.download.output;
