"""Measures the gankit kernel: start time and warm-cell round trip, over the real protocol.

    python3 scripts/kernel_timing.py [--starts 3] [--cells 30]

start:        launch of the JVM until the kernel answers kernel_info (what Jupyter waits for)
first cell:   the first `1 + 1` after start (waits for JShell to finish starting)
warm cell:    execute request sent until the idle status after `1 + 1`, median and 90th percentile
"""
import argparse
import statistics
import time

from jupyter_client.manager import KernelManager


def execute(kc, code):
    started = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    kc.get_shell_msg(timeout=120)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--cells", type=int, default=30)
    parser.add_argument("--kernel", default="gankit")
    args = parser.parse_args()
    starts, firsts, warm = [], [], []
    for i in range(args.starts):
        km = KernelManager(kernel_name=args.kernel)
        started = time.perf_counter()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        starts.append(time.perf_counter() - started)
        firsts.append(execute(kc, "1 + 1"))
        if i == 0:
            warm = [execute(kc, "1 + 1") for _ in range(args.cells)]
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    warm.sort()
    print(f"kernel start (to kernel_info reply): median {statistics.median(starts):.2f} s "
          f"(runs: {', '.join(f'{s:.2f}' for s in starts)})")
    print(f"first cell after start:              median {statistics.median(firsts):.2f} s")
    print(f"warm cell round trip (1 + 1):        median {1000 * statistics.median(warm):.0f} ms, "
          f"p90 {1000 * warm[int(0.9 * (len(warm) - 1))]:.0f} ms over {len(warm)} cells")


if __name__ == "__main__":
    main()
