#!/usr/bin/env bash
# Create the virtualenv (when missing) and install the pinned requirements into it.
# Usage: scripts/bootstrap_venv.sh [python] [venv-dir]
set -euo pipefail

python_bin="${1:-python3.11}"
venv="${2:-.venv}"

if ! command -v "$python_bin" >/dev/null 2>&1; then
    # A bare machine may only have `python3`; accept it when it is 3.11 or newer.
    if python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        python_bin=python3
    else
        echo "Python 3.11 or newer is required (looked for $python_bin and python3)." >&2
        exit 1
    fi
fi

if [ ! -x "$venv/bin/python" ]; then
    "$python_bin" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r requirements.txt
