#!/usr/bin/env bash
# Builds the native engine: @tensorflow/tfjs-node's N-API addon compiled from source against the TensorFlow
# C API that the TensorFlow Python wheel ships (libtensorflow_cc.so.2 + libtensorflow_framework.so.2), instead
# of the libtensorflow 2.9.1 (2022) that the package's install script downloads. The container images
# (infra/gpu/Dockerfile, infra/container/Dockerfile) run it; so can a developer machine.
#
# usage: scripts/build-native-engine.sh <dir>
#   <dir>        where to install it (its own package.json + node_modules; created if missing). Keep it OUTSIDE
#                the project's node_modules, then point the project at it:
#                  TF_SERVERLESS_TFJS_NODE=<dir>/node_modules/@tensorflow/tfjs-node
#   TF_PYTHON    a python that can `import tensorflow` (default python3). The wheel decides the engine:
#                  tensorflow-cpu==2.21.0 / tensorflow==2.21.0        CPU (x86_64, arm64)
#                  tensorflow[and-cuda]==2.21.0                        GPU (CUDA 12 libraries from pip)
#   LIBMODE      symlink (default: the addon uses the wheel's libraries in place; the wheel must stay) or
#                copy (the two libraries are copied next to the addon, ~800 MB; the wheel can then be removed)
#   NODEDIR      a directory with include/node/node_api.h (default: the running node's prefix, then /usr)
#   JOBS         parallel compile jobs (default 2)
#   TFJS_NODE_VERSION  default 4.22.0; must match the project's @tensorflow/tfjs-core version (detect.ts checks)
#
# Needs: npm registry access (JS packages only), g++, make, python3 (for node-gyp). No download from
# storage.googleapis.com or nodejs.org: headers come from NODEDIR, libtensorflow from the wheel.
# Prints one line "tfjs-node <v> on libtensorflow <v>" when the smoke test passes.
set -euo pipefail

DEST=${1:?usage: build-native-engine.sh <dir>}
TF_PYTHON=${TF_PYTHON:-python3}
LIBMODE=${LIBMODE:-symlink}
JOBS=${JOBS:-2}
TFJS_NODE_VERSION=${TFJS_NODE_VERSION:-4.22.0}

fail() { echo "build-native-engine: $*" >&2; exit 1; }

# --- what we build against ---------------------------------------------------------------------------------
TF_DIR=$("$TF_PYTHON" -c 'import os, tensorflow as t; print(os.path.dirname(t.__file__))' 2>/dev/null) ||
  fail "$TF_PYTHON cannot import tensorflow (set TF_PYTHON to a python with the TensorFlow wheel)"
# The wheel exports the C API (TF_*, TFE_*) from libtensorflow_cc.so.2; its headers live under include/.
for f in libtensorflow_cc.so.2 libtensorflow_framework.so.2 include/tensorflow/c/c_api.h include/tensorflow/c/eager/c_api.h; do
  [ -e "$TF_DIR/$f" ] || fail "the TensorFlow wheel at $TF_DIR has no $f"
done
if [ -z "${NODEDIR:-}" ]; then
  for d in "$(dirname "$(dirname "$(command -v node)")")" /usr; do
    [ -e "$d/include/node/node_api.h" ] && { NODEDIR=$d; break; }
  done
fi
[ -n "${NODEDIR:-}" ] && [ -e "$NODEDIR/include/node/node_api.h" ] || fail "no Node headers (include/node/node_api.h); set NODEDIR"
case "$LIBMODE" in symlink|copy) ;; *) fail "LIBMODE must be symlink or copy" ;; esac

# --- 1. the JS packages, without tfjs-node's install script ------------------------------------------------
# scripts/install.js would download libtensorflow 2.9.1 and a prebuilt addon; --ignore-scripts skips it.
mkdir -p "$DEST"
cd "$DEST"
[ -f package.json ] || printf '{ "name": "tf-serverless-native-engine", "private": true }\n' > package.json
npm install "@tensorflow/tfjs-node@$TFJS_NODE_VERSION" --ignore-scripts --no-audit --no-fund --loglevel=error

# --- 2. the deps/ layout tfjs-node's binding.gyp links against ----------------------------------------------
PKG="$DEST/node_modules/@tensorflow/tfjs-node"
rm -rf "$PKG/deps" "$PKG/lib" "$PKG/build"
mkdir -p "$PKG/deps/lib"
ln -s "$TF_DIR/include" "$PKG/deps/include"     # headers: needed only while compiling
for lib in libtensorflow_cc.so.2 libtensorflow_framework.so.2; do
  if [ "$LIBMODE" = copy ]; then cp "$TF_DIR/$lib" "$PKG/deps/lib/"; else ln -s "$TF_DIR/$lib" "$PKG/deps/lib/$lib"; fi
done
# binding.gyp (linux) links with -ltensorflow -ltensorflow_framework: give those names to the wheel's libraries.
ln -s libtensorflow_cc.so.2 "$PKG/deps/lib/libtensorflow.so"
ln -s libtensorflow_framework.so.2 "$PKG/deps/lib/libtensorflow_framework.so"
# The addon records the SONAMEs (libtensorflow_cc.so.2, libtensorflow_framework.so.2) and finds them at run
# time through binding.gyp's RUNPATH $ORIGIN/../../deps/lib, so no LD_LIBRARY_PATH is needed.

# --- 3. compile the addon (N-API) -> lib/napi-v<N>/tfjs_binding.node ----------------------------------------
cd "$PKG"
npm_config_nodedir="$NODEDIR" JOBS="$JOBS" "$DEST/node_modules/.bin/node-pre-gyp" install --build-from-source --loglevel=warn
rm -rf "$PKG/build/Release/obj.target"          # intermediate objects, not needed at run time

# --- 4. smoke test: load, run one matMul, report the versions ------------------------------------------------
cd "$DEST"
TF_CPP_MIN_LOG_LEVEL=2 node -e "
const tf = require('@tensorflow/tfjs-node');
const y = tf.tensor2d([[1, 2], [3, 4]]).matMul(tf.eye(2)).dataSync();
if (String(Array.from(y)) !== '1,2,3,4') { console.error('smoke test: wrong matMul result', y); process.exit(1); }
console.log('tfjs-node', tf.version['tfjs-node'], 'on libtensorflow', tf.backend().binding.TF_Version);
"
