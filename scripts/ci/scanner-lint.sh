#!/usr/bin/env bash
# n8n's community-package scanner's lint, at the versions it pins, on the source and on the `npm pack` tarball.
# The scanner (scripts/ci/scanner/package.json + lockfile) is installed into a scratch folder outside the package's
# node_modules, reused while its lockfile is unchanged. Needs a build (dist/): run `npm run build` first.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
pinned="$root/scripts/ci/scanner"

if [ ! -d "$root/dist/nodes" ]; then
	echo "scanner-lint: no dist/ to pack; run \`npm run build\` first" >&2
	exit 1
fi

# `npm run` exports the package's .npmrc settings (legacy-peer-deps, …) as npm_config_*; the scanner's install must
# resolve as `npx @n8n/scan-community-package` does, so none of them may leak into it.
clean_npm() { env $(env | grep -io '^npm_[a-z0-9_]*' | sed 's/^/-u /') npm "$@"; }

lock_hash="$(sha256sum "$pinned/package-lock.json" | cut -c1-16)"
install_dir="${SCANNER_LINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-klaviyo-affiliates/scanner-lint}/$lock_hash"
if [ ! -f "$install_dir/.installed" ]; then
	echo "installing the pinned scanner into $install_dir"
	rm -rf "$install_dir" && mkdir -p "$install_dir"
	cp "$pinned/package.json" "$pinned/package-lock.json" "$install_dir/"
	# No install scripts: eslint-plugin-n8n-nodes-base's preinstall only insists on pnpm, and the native module the
	# plugin's n8n-workflow peer brings (isolated-vm) is never loaded by the lint.
	(cd "$install_dir" && clean_npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	touch "$install_dir/.installed"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$root" && clean_npm pack --silent --pack-destination "$work" >/dev/null)
mkdir "$work/package"
tar -xzf "$work"/*.tgz -C "$work/package" --strip-components=1

# The scanner makes its own temporary folder on import; keep it inside ours so it goes away with it.
TMPDIR="$work" node "$pinned/lint.mjs" "$install_dir" "$root" "$work/package"
