# Sourced by the other scripts: tool versions (read from their single home,
# Trunk.toml, and checked against Cargo.lock) and PATH for the local tools.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

toml_value() { # toml_value KEY -> the quoted value of KEY in Trunk.toml
  sed -n "s/^$1 *= *\"\\(.*\\)\".*/\\1/p" "$ROOT/Trunk.toml" | head -n 1
}

TRUNK_VERSION="$(toml_value trunk-version | tr -d '=^~')"
WASM_BINDGEN_VERSION="$(toml_value wasm_bindgen)"
WASM_OPT_VERSION="$(toml_value wasm_opt | sed 's/^version_//')"
GECKODRIVER_VERSION="$(toml_value geckodriver)"
export TRUNK_VERSION WASM_BINDGEN_VERSION WASM_OPT_VERSION GECKODRIVER_VERSION

# wasm-bindgen-cli must equal the wasm-bindgen crate the app links.
lock_version() { # lock_version CRATE -> its version in Cargo.lock
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$ROOT/.tools/binaryen/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
