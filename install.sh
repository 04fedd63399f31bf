#!/bin/sh
# Build and install cargoman from a checkout of its repository.
# Run ./install.sh --help for usage.
set -eu

usage() {
    cat <<'EOF'
Usage: ./install.sh [--prefix DIR] [--no-build]

Builds cargoman (cargo build --release --locked) and installs:
  $PREFIX/bin/cargoman
  $PREFIX/share/bash-completion/completions/cargoman
  $PREFIX/share/zsh/site-functions/_cargoman
  $PREFIX/share/fish/vendor_completions.d/cargoman.fish
  $PREFIX/share/cargoman/completions/   (elvish and PowerShell scripts)
  $PREFIX/share/man/man1/cargoman*.1
(each completion and man page only if the checkout has it).

Options:
  --prefix DIR   install under DIR (default: $PREFIX, else /usr/local)
  --no-build     do not build; install the existing target/release/cargoman
  -h, --help     show this help

Environment:
  PREFIX         installation prefix (default /usr/local); --prefix wins
  DESTDIR        staging directory prepended to every installed path (packagers)
  CARGOMAN_BIN   install this binary instead of building one
  CARGO_TARGET_DIR  cargo's target directory (default: target/ in the checkout)

To install system-wide, build as yourself first, then install as root:
  ./install.sh --prefix ~/.local          # no root needed
  cargo build --release --locked && sudo ./install.sh --no-build
EOF
}

die() {
    printf 'install.sh: error: %s\n' "$*" >&2
    exit 1
}

prefix=${PREFIX:-/usr/local}
build=1
while [ $# -gt 0 ]; do
    case $1 in
        --prefix)
            [ $# -ge 2 ] || die "--prefix needs a directory"
            prefix=$2
            shift 2
            ;;
        --prefix=*)
            prefix=${1#--prefix=}
            shift
            ;;
        --no-build)
            build=0
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            printf 'install.sh: error: unknown argument: %s\n\n' "$1" >&2
            usage >&2
            exit 2
            ;;
    esac
done
[ -n "$prefix" ] || die "empty prefix"
case $prefix in
    /*) ;;
    *) prefix=$(pwd)/$prefix ;;
esac
destdir=${DESTDIR:-}

# The checkout is where this script lives.
case $0 in
    */*) root=$(cd "$(dirname "$0")" && pwd -P) ;;
    *) if [ -f "$0" ]; then root=$(pwd -P); else root=''; fi ;; # sh install.sh
esac
if [ -z "$root" ] || [ ! -f "$root/Cargo.toml" ] ||
    ! grep -q '^name = "cargoman"' "$root/Cargo.toml"; then
    die "not run from a checkout of cargoman: run ./install.sh inside the cloned repository"
fi
target_dir=${CARGO_TARGET_DIR:-$root/target}
case $target_dir in
    /*) ;;
    *) target_dir=$root/$target_dir ;;
esac

if [ -n "${CARGOMAN_BIN:-}" ]; then
    bin=$CARGOMAN_BIN
    if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
        die "CARGOMAN_BIN=$bin is not an executable file"
    fi
elif [ "$build" = 1 ]; then
    command -v cargo >/dev/null 2>&1 || die "cargo not found. Install Rust with rustup (https://rustup.rs):
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh
or install a binary built elsewhere with --no-build / CARGOMAN_BIN."
    printf '==> cargo build --release --locked\n' >&2
    (cd "$root" && cargo build --release --locked) || die "cargo build failed"
    bin=$target_dir/release/cargoman
else
    bin=$target_dir/release/cargoman
    [ -x "$bin" ] || die "$bin not found: build it first (cargo build --release --locked) or drop --no-build"
fi
[ -x "$bin" ] || die "$bin was not built"

# install_file SRC DESTDIR_RELATIVE_DIR NAME MODE
install_file() {
    dir=$destdir$2
    mkdir -p "$dir" || die "cannot create $dir (use sudo, or --prefix somewhere you can write)"
    # Copy then rename, so that a running cargoman can be replaced.
    tmp=$dir/.$3.tmp.$$
    cp "$1" "$tmp" || die "cannot write to $dir (use sudo, or --prefix somewhere you can write)"
    chmod "$4" "$tmp"
    mv -f "$tmp" "$dir/$3" || die "cannot install $dir/$3"
    printf '  %s\n' "$dir/$3"
}

printf '==> installing into %s%s\n' "$destdir" "$prefix" >&2
install_file "$bin" "$prefix/bin" cargoman 755

c=$root/completions
[ -f "$c/cargoman.bash" ] && install_file "$c/cargoman.bash" "$prefix/share/bash-completion/completions" cargoman 644
[ -f "$c/_cargoman" ] && install_file "$c/_cargoman" "$prefix/share/zsh/site-functions" _cargoman 644
[ -f "$c/cargoman.fish" ] && install_file "$c/cargoman.fish" "$prefix/share/fish/vendor_completions.d" cargoman.fish 644
[ -f "$c/cargoman.elv" ] && install_file "$c/cargoman.elv" "$prefix/share/cargoman/completions" cargoman.elv 644
[ -f "$c/_cargoman.ps1" ] && install_file "$c/_cargoman.ps1" "$prefix/share/cargoman/completions" _cargoman.ps1 644

for page in "$root"/man/*.1; do
    [ -f "$page" ] || continue
    install_file "$page" "$prefix/share/man/man1" "$(basename "$page")" 644
done

if [ -z "$destdir" ]; then
    case :$PATH: in
        *:"$prefix/bin":*) ;;
        *) printf 'note: %s is not on your PATH\n' "$prefix/bin" >&2 ;;
    esac
fi
printf '==> done\n' >&2
