// Serves the demo in www/ against the npm package scripts/build.sh builds
// into pkg/ (no configuration for its wasm: webpack 5 takes the package's
// `new URL("...wasm", import.meta.url)` and top-level await as they are).
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

module.exports = {
  mode: process.env.NODE_ENV === "production" ? "production" : "development",
  entry: "./www/index.js",
  output: {
    path: path.resolve(__dirname, "dist"),
    filename: "[name].js",
    clean: true,
  },
  plugins: [new HtmlWebpackPlugin({ template: "www/index.html" })],
  devServer: {
    static: false,
    client: { overlay: true, logging: "warn" },
    open: false,
  },
  performance: { hints: false },
};
