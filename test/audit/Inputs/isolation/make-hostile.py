"""Write the hostile files of isolation.test.

Usage: make-hostile.py DIR
  deep.c         an 8000-long `else if` chain, which overflows the stack of
                 a recursive parser
  exponential.c  macros whose expansion doubles at each level, which grows
                 without bound
"""
import os
import sys

out = sys.argv[1]
with open(os.path.join(out, "deep.c"), "w") as f:
    f.write("int classify(int x)\n{\n\tif (x == 0)\n\t\treturn 0;\n")
    for i in range(1, 8000):
        f.write("\telse if (x == %d)\n\t\treturn %d;\n" % (i, i))
    f.write("\treturn -1;\n}\n")
with open(os.path.join(out, "exponential.c"), "w") as f:
    f.write("#define E0(x) x x\n")
    for i in range(1, 40):
        f.write("#define E%d(x) E%d(E%d(x))\n" % (i, i - 1, i - 1))
    f.write("void grow(void)\n{\n\tE39(;)\n}\n")
