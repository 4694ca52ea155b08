//! Who the client is behind a reverse proxy. The server speaks plain HTTP and sits behind one in
//! production: then the TCP peer is the proxy, and the client is named in `X-Forwarded-For`. Only
//! the hops added by proxies we trust count: walking the header from the right, the first address
//! that is not a trusted proxy is the client (whatever a client writes further left is its own
//! claim and ignored). Without `SATU_TRUSTED_PROXIES` the header is never read.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use actix_web::HttpRequest;

/// An address block such as `10.0.0.0/8` or `fd00::/8` (a bare address is a block of one).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(s: &str) -> Result<Cidr, String> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr
            .trim()
            .parse()
            .map_err(|_| format!("'{s}' is not an address or CIDR block (e.g. 10.0.0.0/8)"))?;
        let addr = canonical(addr);
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("'{s}': the prefix length must be 0 to {max}"))?,
            None => max,
        };
        Ok(Cidr { addr, prefix })
    }
}

impl fmt::Debug for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// IPv4 written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed (`SATU_TRUSTED_PROXIES`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<Cidr>);

impl TrustedProxies {
    /// A comma- or space-separated list of CIDR blocks.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split([',', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(Cidr::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }

    /// The client behind `peer`: the rightmost address of the `X-Forwarded-For` values that is
    /// not a trusted proxy, when the peer is one; else the peer itself. A malformed hop ends the
    /// walk at the last good one (a proxy we trust writes addresses; garbage is the client's).
    pub fn client<'a>(&self, peer: IpAddr, forwarded_for: impl Iterator<Item = &'a str>) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded_for.flat_map(|v| v.split(',')).collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Ok(ip) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = canonical(ip);
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

/// The address of the client that sent a request (see the module's comment).
pub fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let trusted = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|s| &s.config.trusted_proxies);
    Some(match trusted {
        Some(t) if !t.0.is_empty() => t.client(
            peer,
            req.headers()
                .get_all("x-forwarded-for")
                .filter_map(|v| v.to_str().ok()),
        ),
        _ => canonical(peer),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn blocks_contain_their_addresses() {
        let c: Cidr = "10.0.0.0/8".parse().unwrap();
        assert!(c.contains(ip("10.200.3.4")));
        assert!(!c.contains(ip("11.0.0.1")));
        assert!(c.contains(ip("::ffff:10.1.1.1")));
        let c: Cidr = "fd00::/8".parse().unwrap();
        assert!(c.contains(ip("fd12::1")));
        assert!(!c.contains(ip("fe80::1")));
        let one: Cidr = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")));
        for bad in ["10.0.0.0/33", "nope", "10.0.0/8", "::/129", "1.2.3.4/x"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let t = TrustedProxies::parse("10.0.0.0/8, 192.0.2.1").unwrap();
        // Behind two of our proxies.
        let xff = ["198.51.100.7, 10.0.0.3"];
        assert_eq!(
            t.client(ip("10.0.0.2"), xff.into_iter()),
            ip("198.51.100.7")
        );
        // A client that writes its own X-Forwarded-For cannot choose its address.
        let spoofed = ["6.6.6.6, 198.51.100.7"];
        assert_eq!(
            t.client(ip("192.0.2.1"), spoofed.into_iter()),
            ip("198.51.100.7")
        );
        // Several header lines read as one list.
        let lines = ["6.6.6.6", "198.51.100.7"];
        assert_eq!(
            t.client(ip("192.0.2.1"), lines.into_iter()),
            ip("198.51.100.7")
        );
        // A peer that is not our proxy is the client, whatever it sends.
        assert_eq!(
            t.client(ip("203.0.113.5"), xff.into_iter()),
            ip("203.0.113.5")
        );
        // No header, or garbage after our proxy: the last good address.
        assert_eq!(t.client(ip("10.0.0.2"), std::iter::empty()), ip("10.0.0.2"));
        assert_eq!(
            t.client(ip("10.0.0.2"), ["garbage"].into_iter()),
            ip("10.0.0.2")
        );
        // Nobody trusted: the header is never read.
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("10.0.0.2"), xff.into_iter()), ip("10.0.0.2"));
    }
}
