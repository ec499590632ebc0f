import { describe, expect, it } from "vitest";
import { addressAllowed, classifyAddress, hostAllowed, literalRefusal, parseAllowEntry, type AllowEntry } from "@/lib/net/address-policy";

function entries(...texts: string[]): AllowEntry[] {
  return texts.map((text) => {
    const entry = parseAllowEntry(text);
    if (typeof entry === "string") throw new Error(entry);
    return entry;
  });
}

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"], // cloud metadata
    ["100.64.0.1", "carrierGradeNat"],
    ["224.0.0.1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "reserved"], // documentation
    ["198.18.0.1", "reserved"], // benchmarking
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fd00::1", "uniqueLocal"],
    ["fc00::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"], // IPv4-mapped: judged as the IPv4 address inside
    ["::ffff:169.254.169.254", "linkLocal"],
    ["::ffff:10.0.0.1", "private"],
    ["::7f00:1", "reserved"], // IPv4-compatible ::/96, which ipaddr.js calls unicast
    ["64:ff9b::7f00:1", "rfc6052"], // NAT64 to 127.0.0.1
    ["2002:7f00:1::", "6to4"],
    ["2001::1", "teredo"],
    ["2001:db8::1", "reserved"],
    ["100::1", "discard"],
    ["4000::1", "reserved"], // outside 2000::/3, the only global unicast block
  ])("refuses %s (%s)", (address, range) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, range });
  });

  it.each(["8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "::ffff:8.8.8.8", "2606:4700::1111", "2001:4860:4860::8888", "[2a00:1450::1]"])(
    "allows the public address %s",
    (address) => {
      expect(classifyAddress(address)).toEqual({ allowed: true, range: "unicast" });
    },
  );

  it("refuses what is not an address at all", () => {
    for (const junk of ["", "localhost", "999.1.1.1", "1.2.3", "::g", "127.0.0.1:80"]) expect(classifyAddress(junk).allowed, junk).toBe(false);
  });
});

describe("parseAllowEntry", () => {
  it("reads ranges", () => {
    for (const text of ["10.0.0.0/8", "127.0.0.0/8", "192.168.1.7/32", "fd00::/8", "::1/128", "::ffff:0:0/96"]) {
      expect(parseAllowEntry(text), text).toMatchObject({ kind: "cidr", text });
    }
  });

  it("reads hosts as URLs name them, with or without a port", () => {
    expect(parseAllowEntry("127.0.0.1:3000")).toEqual({ kind: "host", text: "127.0.0.1:3000", hostname: "127.0.0.1", port: 3000 });
    expect(parseAllowEntry("Engine.Internal")).toEqual({ kind: "host", text: "Engine.Internal", hostname: "engine.internal", port: undefined });
    expect(parseAllowEntry(" engine.internal:8080 ")).toMatchObject({ hostname: "engine.internal", port: 8080 });
    expect(parseAllowEntry("[fd00::5]:8080")).toMatchObject({ hostname: "[fd00::5]", port: 8080 });
    expect(parseAllowEntry("[FD00:0::5]")).toMatchObject({ hostname: "[fd00::5]", port: undefined });
    expect(parseAllowEntry("fd00::5")).toMatchObject({ hostname: "[fd00::5]", port: undefined });
    expect(parseAllowEntry("my_host")).toMatchObject({ hostname: "my_host" });
  });

  it.each([
    "10.0.0.0/33",
    "10.0.0.0/",
    "10.0.0/8", // shorthand IPv4 is not a range anyone means
    "fd00::/129",
    "nonsense/8",
    "http://engine.internal",
    "engine.internal:0",
    "engine.internal:65536",
    "engine.internal:80:80",
    "engine internal",
    "127.1:3000", // URLs rewrite it to 127.0.0.1: an entry must be written as they write it
    "2130706433",
    "-engine.internal",
    "exämple.com",
    "",
  ])("refuses %j with a sentence", (text) => {
    const result = parseAllowEntry(text);
    expect(typeof result).toBe("string");
    expect(result).toMatch(/^".*" (is neither an address range .* nor a host with an optional port|has a port outside 1–65535)/);
  });
});

describe("the allow-list", () => {
  const allow = entries("127.0.0.1:4001", "engine.internal", "10.0.0.0/8", "fd00::/8");

  it("lets a listed host through by its exact name and port only", () => {
    expect(hostAllowed("127.0.0.1", 4001, allow)).toBe(true);
    expect(hostAllowed("127.0.0.1", 4002, allow)).toBe(false);
    // A name that resolves to 127.0.0.1 is another host.
    expect(hostAllowed("localhost", 4001, allow)).toBe(false);
    expect(hostAllowed("engine.internal", 443, allow)).toBe(true);
    expect(hostAllowed("engine.internal", 8080, allow)).toBe(true);
    expect(hostAllowed("evil.engine.internal", 443, allow)).toBe(false);
  });

  it("lets addresses in a listed range through, IPv4-mapped ones too, and nothing else that is not public", () => {
    expect(addressAllowed("10.20.30.40", allow)).toBe(true);
    expect(addressAllowed("::ffff:10.20.30.40", allow)).toBe(true);
    expect(addressAllowed("fd12::1", allow)).toBe(true);
    expect(addressAllowed("192.168.0.1", allow)).toBe(false);
    expect(addressAllowed("127.0.0.1", allow)).toBe(false); // listed as a host, not as a range
    expect(addressAllowed("169.254.169.254", allow)).toBe(false);
    expect(addressAllowed("8.8.8.8", [])).toBe(true);
  });

  it("refuses non-public IP literals typed into an address, the way URLs spell them", () => {
    const refused = (url: string, list: AllowEntry[] = []) => literalRefusal(new URL(url), list);
    expect(refused("http://169.254.169.254/latest/meta-data/")).toEqual({ allowed: false, range: "linkLocal" });
    expect(refused("http://10.0.0.5:8080/")).toEqual({ allowed: false, range: "private" });
    expect(refused("http://[::1]:3000/")).toEqual({ allowed: false, range: "loopback" });
    expect(refused("http://[::ffff:7f00:1]/")).toEqual({ allowed: false, range: "loopback" });
    // WHATWG URL spells 2130706433, 0x7f.1 and 127.1 as 127.0.0.1 before anything is checked.
    for (const sneaky of ["http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://0177.0.0.1/"]) expect(refused(sneaky), sneaky).toEqual({ allowed: false, range: "loopback" });
    expect(refused("http://0/")).toEqual({ allowed: false, range: "unspecified" });
    // Names are judged when they are resolved, not here.
    expect(refused("http://localhost:3000/")).toBeNull();
    expect(refused("https://engine.example.com/")).toBeNull();
    expect(refused("https://8.8.8.8/")).toBeNull();
    // Allowed by the list: by range, or by exact host and port.
    expect(refused("http://10.0.0.5:8080/", allow)).toBeNull();
    expect(refused("http://127.0.0.1:4001/", allow)).toBeNull();
    expect(refused("http://127.0.0.1:4002/", allow)).toEqual({ allowed: false, range: "loopback" });
  });
});
