// Svelte's compiler settings, read by the Vite plugin and svelte-check. Runes everywhere: no
// component falls back to Svelte 4's implicit reactivity.
export default {
  compilerOptions: { runes: true },
};
