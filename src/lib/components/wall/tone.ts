/** A short alarm tone, generated with Web Audio (no sound file): two falling beeps. */
let context: AudioContext | null = null;

export function playAlarm(): void {
	try {
		context ??= new AudioContext();
		const ctx = context;
		void ctx.resume();
		for (const [offset, frequency] of [
			[0, 880],
			[0.25, 660]
		] as const) {
			const start = ctx.currentTime + offset;
			const oscillator = ctx.createOscillator();
			const gain = ctx.createGain();
			oscillator.type = 'square';
			oscillator.frequency.value = frequency;
			gain.gain.setValueAtTime(0.15, start);
			gain.gain.exponentialRampToValueAtTime(0.001, start + 0.2);
			oscillator.connect(gain).connect(ctx.destination);
			oscillator.start(start);
			oscillator.stop(start + 0.2);
		}
	} catch {
		// No audio here (or not allowed yet): the banner still says it.
	}
}
