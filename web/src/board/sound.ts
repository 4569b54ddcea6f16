/** A short two-tone alert made with WebAudio (no sound file to fetch). Browsers allow it after any click on the page. */
let ctx: AudioContext | null = null;
let lastAt = 0;

export function unlockSound(): void {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
  } catch {
    ctx = null;
  }
}

/** True once the browser really lets the page play sound (an AudioContext running after a click). */
export function soundUnlocked(): boolean {
  return ctx?.state === 'running';
}

/** Calls `fn` when the sound becomes available (after the first click on the page). */
export function onSoundUnlocked(fn: () => void): () => void {
  const check = () => {
    if (soundUnlocked()) fn();
  };
  const t = setInterval(check, 500);
  return () => clearInterval(t);
}

export function beep(): void {
  const now = Date.now();
  if (now - lastAt < 1500) return;
  lastAt = now;
  unlockSound();
  if (!ctx) return;
  const t0 = ctx.currentTime;
  for (const [i, freq] of [880, 660].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t0 + i * 0.22);
    gain.gain.exponentialRampToValueAtTime(0.3, t0 + i * 0.22 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + i * 0.22 + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0 + i * 0.22);
    osc.stop(t0 + i * 0.22 + 0.21);
  }
}
