/** Sizes, durations and exception reasons, parsed from and written for people. */
package dev.conduit.cli.download.text;
