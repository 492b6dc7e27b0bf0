/** Polls a condition until it holds or the time is up; says whether it held (assert on it). */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
	return condition();
}
