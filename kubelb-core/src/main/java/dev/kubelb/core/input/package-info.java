/**
 * The one strict reader of Kubernetes YAML input: {@link dev.kubelb.core.input.InputReader} reads it as the API
 * server does (aliases and merge keys resolved, duplicate keys, alias bombs, huge documents and deep nesting
 * refused, every field strictly typed) and checks Kubernetes' own object rules before anything is planned;
 * {@link dev.kubelb.core.input.InputException} names the file, document, object and field of every problem.
 * Everything else here is package-private. Non-null by default.
 */
package dev.kubelb.core.input;
