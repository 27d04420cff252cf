// Serves the demo in www/ against the package wasm-pack builds into pkg/.
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
  experiments: { asyncWebAssembly: true },
  plugins: [new HtmlWebpackPlugin({ template: "www/index.html" })],
  devServer: {
    static: false,
    client: { overlay: true, logging: "warn" },
    open: false,
  },
  performance: { hints: false },
};
