#!/usr/bin/env python3
"""readytorun.py FILE...: fails naming each .NET assembly that holds no ReadyToRun code (IL only).

A ReadyToRun image is a PE file whose CLI header points at a ManagedNativeHeader (ECMA-335 II.25.3.3, offset 0x40)
that starts with the signature "RTR" (0x00525452). The package test runs it on the published host, its module and the
packages they start with, so a publish that drops ReadyToRun (the JIT then compiles all their code at every start) fails.
"""
import struct
import sys


def is_ready_to_run(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] != b"MZ":
        raise ValueError("not a PE file")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise ValueError("not a PE file")
    sections = struct.unpack_from("<H", data, pe + 6)[0]
    optional_size = struct.unpack_from("<H", data, pe + 20)[0]
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (96 if magic == 0x10B else 112)
    cli_rva = struct.unpack_from("<I", data, directories + 14 * 8)[0]
    if cli_rva == 0:
        raise ValueError("not a .NET assembly (no CLI header)")
    table = optional + optional_size

    def offset(rva):
        for i in range(sections):
            entry = table + 40 * i
            size, address, raw_size, raw = struct.unpack_from("<IIII", data, entry + 8)
            if address <= rva < address + max(size, raw_size):
                return rva - address + raw
        raise ValueError("RVA 0x%x is in no section" % rva)

    native_rva, native_size = struct.unpack_from("<II", data, offset(cli_rva) + 0x40)
    if native_rva == 0 or native_size == 0:
        return False
    return struct.unpack_from("<I", data, offset(native_rva))[0] == 0x00525452


def main(paths):
    if not paths:
        print("usage: readytorun.py FILE...", file=sys.stderr)
        return 2
    missing = []
    for path in paths:
        try:
            if not is_ready_to_run(path):
                missing.append(path)
        except (OSError, ValueError, struct.error) as error:
            missing.append("%s (%s)" % (path, error))
    for path in missing:
        print("no ReadyToRun code: " + path, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
