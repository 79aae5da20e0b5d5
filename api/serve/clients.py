"""Who a client is, for the limits that count per client (requests, failed secrets,
connections): an IPv4 address on its own, an IPv6 address by its network.

One IPv6 host is usually given a whole /64 (2^64 addresses it may pick from at will), so
counting each IPv6 address would give one client as many allowances as it likes. The prefix is
`HIRING_ADVISOR_CLIENT_IPV6_PREFIX` (default 64; 128 counts each address). An IPv4 address
written as IPv6 (`::ffff:203.0.113.7`) is the IPv4 client; a name that is not an address (a
test client, a Unix socket) is its own client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache


class ClientKeys:
    """`keys(address)`: the client an address belongs to, as the counters' key."""

    def __init__(self, ipv6_prefix: int = 64) -> None:
        if not 1 <= ipv6_prefix <= 128:
            raise ValueError(f"an IPv6 prefix is 1 to 128 bits, got {ipv6_prefix}")
        self.ipv6_prefix = ipv6_prefix
        self._key = lru_cache(maxsize=4096)(self._of)

    def __call__(self, address: str) -> str:
        return self._key(address)

    def _of(self, address: str) -> str:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])  # no IPv6 zone id
        except ValueError:
            return address
        if ip.version == 4:
            return str(ip)
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        network = ipaddress.IPv6Network((ip, self.ipv6_prefix), strict=False)
        return str(network) if self.ipv6_prefix < 128 else str(ip)
