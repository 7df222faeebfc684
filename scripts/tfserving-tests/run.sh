#!/usr/bin/env bash
# Runs TensorFlow Serving's own model-server integration tests
# (tensorflow_serving/model_servers/tensorflow_model_server_test.py) against `tf-serverless serve`.
#
#   scripts/tfserving-tests/run.sh SERVING_SRC [TEST_NAME ...]
#
# SERVING_SRC: a checkout of github.com/tensorflow/serving (only tensorflow_serving/{apis,config,
#   model_servers,servables/tensorflow/testdata} are read; nothing from it is copied into this repository).
# TEST_NAME:  e.g. TensorflowModelServerTest.testPredictREST (default: every test in IN_SCOPE below).
# Needs: Python with tensorflow (2.x), grpcio, grpcio-tools  (TF_PYTHON, default ~/tfvenv/bin/python),
#        and this repository's node_modules (npm ci). Loopback only; each server is killed at exit.
#
# How it works: the suite starts "$TEST_SRCDIR/tf_serving/tensorflow_serving/model_servers/
# tensorflow_model_server" with TF Serving's own flags. We build that tree in a temporary directory:
# the binary is a wrapper that runs `tf-serverless serve` with the same arguments; testdata is a
# symlink into SERVING_SRC; the Python gRPC stubs (tensorflow_serving.apis) are generated from
# SERVING_SRC's .proto files with grpcio-tools (the pip package tensorflow-serving-api is not needed).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SRC=${1:?usage: run.sh SERVING_SRC [TEST_NAME ...]}
SRC=$(cd "$SRC" && pwd)
shift
PY=${TF_PYTHON:-$HOME/tfvenv/bin/python}
NODE=${NODE:-node}
[ -f "$SRC/tensorflow_serving/model_servers/tensorflow_model_server_test.py" ] ||
  { echo "run.sh: $SRC is not a tensorflow/serving checkout (no tensorflow_serving/model_servers/tensorflow_model_server_test.py)" >&2; exit 2; }
"$PY" -c 'import tensorflow, grpc, grpc_tools' 2>/dev/null ||
  { echo "run.sh: $PY lacks tensorflow, grpcio or grpcio-tools (set TF_PYTHON)" >&2; exit 2; }

W=$(mktemp -d /tmp/tfs-tests.XXXXXX)
trap 'rm -rf "$W"' EXIT
T="$W/srcdir/tf_serving/tensorflow_serving"
mkdir -p "$T/model_servers/test_util" "$T/servables/tensorflow" "$W/py" "$W/tmp"
ln -s "$SRC/tensorflow_serving/servables/tensorflow/testdata" "$T/servables/tensorflow/testdata"

# The "binary": tf-serverless serve with TF Serving's flags, unchanged.
cat > "$T/model_servers/tensorflow_model_server" <<WRAP
#!/usr/bin/env bash
exec "$NODE" "$REPO/bin/tf-serverless.js" serve "\$@"
WRAP
chmod +x "$T/model_servers/tensorflow_model_server"

# Python stubs from TF Serving's own .proto files; tensorflow/core imports resolve to the TF wheel at
# run time and to this repository's copies of those schemas at compile time.
PROTOS=$(cd "$SRC" && for p in apis/{model,input,classification,regression,predict,inference,get_model_metadata,get_model_status,status,model_management,model_service,prediction_service} config/{model_server_config,logging_config,log_collector_config,file_system_storage_path_source}; do echo tensorflow_serving/$p.proto; done)
(cd "$SRC" && "$PY" -m grpc_tools.protoc -I . -I "$REPO/lib/proto" --python_out="$W/py" --grpc_python_out="$W/py" $PROTOS)
for d in tensorflow_serving tensorflow_serving/apis tensorflow_serving/config tensorflow_serving/model_servers tensorflow_serving/model_servers/test_util; do
  mkdir -p "$W/py/$d"; touch "$W/py/$d/__init__.py"
done
cp "$SRC/tensorflow_serving/model_servers/tensorflow_model_server_test.py" "$W/py/tensorflow_serving/model_servers/"
cp "$SRC/tensorflow_serving/model_servers/test_util/tensorflow_model_server_test_base.py" "$W/py/tensorflow_serving/model_servers/test_util/"
# portpicker is not a TF dependency: a stand-in with the one function the suite uses.
cat > "$W/py/portpicker.py" <<'PP'
import socket
def pick_unused_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close(); return port
PP
"$PY" -c 'import six' 2>/dev/null || cp "$HERE/six_shim.py" "$W/py/six.py"

TESTS=("$@")
if [ ${#TESTS[@]} -eq 0 ]; then mapfile -t TESTS < <(grep -v -e '^#' -e '^$' "$HERE/IN_SCOPE" | cut -d' ' -f1); fi
cd "$W/py"
export TEST_SRCDIR="$W/srcdir" TF_CPP_MIN_LOG_LEVEL=2 PYTHONPATH="$W/py" CUDA_VISIBLE_DEVICES=
set +e
"$PY" tensorflow_serving/model_servers/tensorflow_model_server_test.py --test_tmpdir="$W/tmp" "${TESTS[@]}" 2>&1 | tee "$W/log"
rc=${PIPESTATUS[0]}
set -e
echo "---"
grep -E '^(OK|FAILED|Ran )' "$W/log" || true
exit "$rc"
