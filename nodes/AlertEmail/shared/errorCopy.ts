/** Copies of errors, for handing one failure to several callers without them sharing (and changing) one object. */

/**
 * A copy of `error` with `fields` added: same prototype (so `instanceof` and its class still hold),
 * its own fields, message and stack. Anything that is not an Error comes back as it is.
 */
export function errorCopy<E>(error: E, fields: Record<PropertyKey, unknown>): E {
	if (!(error instanceof Error)) return error;
	const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Error, error, fields);
	copy.message = error.message;
	copy.stack = error.stack;
	return copy as E;
}
