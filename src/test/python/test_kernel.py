"""Protocol tests of the gankit Java kernel, run by scripts/test-kernel.

jupyter_kernel_test (Debian: python3-jupyter-kernel-test) drives the installed kernelspec over
ZeroMQ exactly as Jupyter does; the extra tests cover what the kit relies on beyond its samples:
display updates, output streamed while a cell runs, interrupting a runaway cell, and errors that
show the user's line.
"""
import time
import unittest

import jupyter_kernel_test

TIMEOUT = 60


class GankitKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "gankit"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world")'
    code_stderr = 'System.err.println("to stderr")'
    code_generate_error = 'throw new IllegalStateException("expected failure")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"gan" + "kit"', "result": "gankit"},
        {"code": "new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB)",
         "mime": "image/png"},
    ]
    code_display_data = [
        {"code": "io.gankit.notebook.Show.display(new java.awt.image.BufferedImage(3, 3, 1));",
         "mime": "image/png"},
        {"code": 'io.gankit.notebook.Show.html("<b>bold</b>");', "mime": "text/html"},
        {"code": 'Show.display(Table.create("t", tech.tablesaw.api.IntColumn.create("a", 1, 2)));',
         "mime": "text/html"},
    ]
    completion_samples = [
        {"text": "System.out.printl", "matches": {"println("}},
        {"text": "Integer.parseI", "matches": {"parseInt("}},
    ]
    complete_code_samples = ["int x = 1;", "1 + 1", "%jars ../lib/*.jar", "void f() { }"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "void g() {\n  int a = 1;"]
    invalid_code_samples = ["int y = 1;\n)"]
    code_inspect_sample = "Math.max("

    # ---- beyond the stock samples -------------------------------------------------------------

    def run_cell(self, code, timeout=TIMEOUT):
        self.flush_channels()
        return self.execute_helper(code, timeout=timeout)

    def test_gankit_update_display_by_id(self):
        reply, outputs = self.run_cell(
            'String id = Show.display("first");\nShow.update(id, "second");')
        self.assertEqual(reply["content"]["status"], "ok")
        kinds = [m["msg_type"] for m in outputs]
        self.assertEqual(kinds, ["display_data", "update_display_data"])
        first, second = outputs
        self.assertEqual(first["content"]["transient"]["display_id"],
                         second["content"]["transient"]["display_id"])
        self.assertEqual(second["content"]["data"]["text/plain"], "second")

    def test_gankit_output_streams_while_the_cell_runs(self):
        msg_id = self.kc.execute('System.out.println("early");\nThread.sleep(1500);\n'
                                 'System.out.println("late");')
        early_at = late_at = None
        while late_at is None:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id or msg["msg_type"] != "stream":
                continue
            if "early" in msg["content"]["text"]:
                early_at = time.monotonic()
            if "late" in msg["content"]["text"]:
                late_at = time.monotonic()
        self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertIsNotNone(early_at, "the first line did not arrive on its own")
        self.assertGreater(late_at - early_at, 1.0, "the first line waited for the cell to end")

    def test_gankit_interrupt_stops_a_runaway_cell(self):
        self.flush_channels()
        msg_id = self.kc.execute("long n = 0;\nwhile (true) { n++; }")
        time.sleep(2)
        self.km.interrupt_kernel()
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("interrupted", reply["content"]["evalue"])
        reply, outputs = self.run_cell("1 + 1")
        self.assertEqual(reply["content"]["status"], "ok", "the kernel works after an interrupt")

    def test_gankit_errors_show_the_users_line(self):
        reply, outputs = self.run_cell("int a = 1;\nint b = a / 0;")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("ArithmeticException", reply["content"]["evalue"])
        traceback = "\n".join(outputs[-1]["content"]["traceback"])
        self.assertIn("line 2", traceback)
        self.assertIn("int b = a / 0;", traceback)
        self.assertNotIn("io.gankit.notebook", traceback)

    def test_gankit_error_and_checked_exception_are_replied(self):
        for code, name in [("throw new StackOverflowError();", "StackOverflowError"),
                           ('throw new java.io.IOException("io");', "IOException")]:
            reply, outputs = self.run_cell(code)
            self.assertEqual(reply["content"]["status"], "error")
            self.assertIn(name, reply["content"]["evalue"])

    def test_gankit_quick_mode_properties_reach_the_kernel(self):
        reply, outputs = self.run_cell('System.getProperty("GANKIT_KERNEL_TEST", "unset")')
        # The variable is not one the kernel copies: only the kit's names are.
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "unset")
        reply, outputs = self.run_cell('Quick.limit("MAX_EPOCH", 20, 1)')
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "3")


if __name__ == "__main__":
    unittest.main(verbosity=2)
