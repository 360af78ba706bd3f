"""What the PyTorch peers report about the libraries they run on.

Debian's python3-torch calls matrix products through the system's libblas.so.3; without an
optimised BLAS installed (libopenblas0-pthread) that is the reference Fortran BLAS, which made the
MLP peers 14x slower on the development machine. Each peer names the library it loaded, so a bench
can say when its peer ran crippled.
"""


def blas():
    """The BLAS shared library this process has loaded (its resolved path), or "unknown"."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "libblas" in line or "openblas" in line}
    except OSError:
        return "unknown"
    return sorted(paths)[0] if paths else "unknown"
