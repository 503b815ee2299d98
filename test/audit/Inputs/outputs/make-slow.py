"""Write a C file whose analysis takes a few seconds (300,000 statements),
so that a test can interrupt kthread-audit while it works."""
import sys

with open(sys.argv[1], "w") as out:
    out.write("int x;\nvoid f(void)\n{\n")
    for i in range(300000):
        out.write("\tx = x + %d;\n" % i)
    out.write("}\n")
