// The package is WebAssembly, which webpack loads asynchronously.
import("./app.js").catch((error) => {
  document.getElementById("log").textContent = `failed to load: ${error}`;
  console.error(error);
});
