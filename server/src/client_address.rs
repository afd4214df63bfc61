//! The address a request came from, for the per-address PIN limit and the "wrong PIN" log
//! line. Directly it is the connection's peer. Behind a reverse proxy every tablet would
//! share the proxy's address, so one person's wrong PINs would make the whole shop wait; the
//! proxies named in `JOREN_TRUSTED_PROXIES` are believed about the client instead.
//!
//! The rule: a request whose peer is not a trusted proxy is taken at its peer's address,
//! whatever its headers say (anyone can write them). From a trusted proxy, the proxy header's
//! hops are read from the right, the nearest first: each proxy appends the address it saw,
//! so the first hop that is not itself a trusted proxy is the client as the shop's own
//! proxies saw it. What a client wrote to the left of it is never reached. A hop a trusted
//! proxy wrote but that names no address (`unknown`, an obfuscated name, garbage) stops the
//! walk at that proxy.

use std::net::IpAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use forwarded_header_value::ForwardedStanza;
use http::HeaderMap;
use ipnet::IpNet;
use joren_app::request::ClientAddress;

/// The most hops read from the right: a long header costs a bounded amount of work.
const MAX_HOPS: usize = 32;

/// The reverse proxies whose word about the client is taken: addresses or networks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// No proxy is trusted: every request is its peer (the default).
    pub fn none() -> Self {
        Self::default()
    }

    /// A list such as `127.0.0.1, ::1, 10.0.0.0/8`: addresses, or networks in CIDR notation,
    /// separated by commas or spaces. The error names the entry that is neither.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map(|network| network.trunc())
                    .map_err(|_| {
                        format!(
                            "'{entry}' is neither an address (127.0.0.1, ::1) nor a network (10.0.0.0/8)"
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|network| network.contains(&address))
    }
}

/// Which header the trusted proxies write the client into.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1, …`: what Caddy and nginx write (the default).
    #[default]
    XForwardedFor,
    /// `Forwarded: for=client, for=proxy1` (RFC 7239). Only for proxies that write it: Caddy
    /// and nginx pass a client's own `Forwarded` header on untouched.
    Forwarded,
}

impl ProxyHeader {
    pub fn parse(name: &str) -> Result<Self, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "" | "x-forwarded-for" => Ok(Self::XForwardedFor),
            "forwarded" => Ok(Self::Forwarded),
            other => Err(format!("'{other}' is not x-forwarded-for or forwarded")),
        }
    }

    fn name(self) -> http::HeaderName {
        match self {
            Self::XForwardedFor => http::HeaderName::from_static("x-forwarded-for"),
            Self::Forwarded => http::header::FORWARDED,
        }
    }

    /// The address one hop names, or `None` when it names none.
    fn hop_address(self, hop: &str) -> Option<IpAddr> {
        match self {
            // Some proxies write a port after the address (`1.2.3.4:5678`, `[::1]:80`).
            Self::XForwardedFor => hop.parse::<IpAddr>().ok().or_else(|| {
                hop.parse::<std::net::SocketAddr>()
                    .ok()
                    .map(|socket| socket.ip())
            }),
            Self::Forwarded => hop
                .parse::<ForwardedStanza>()
                .ok()
                .and_then(|stanza| stanza.forwarded_for_ip()),
        }
    }
}

/// Where the server reads a request's client from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientAddresses {
    pub trusted_proxies: TrustedProxies,
    pub header: ProxyHeader,
}

impl ClientAddresses {
    /// The client of a request that came from `peer` with `headers` (see the module's rule).
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusted_proxies.trusts(peer) {
            return peer;
        }
        // Several header lines are one list, in order.
        let hops: Vec<&str> = headers
            .get_all(self.header.name())
            .iter()
            .filter_map(|line| line.to_str().ok())
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .filter(|hop| !hop.is_empty())
            .collect();
        let mut nearest = peer;
        for hop in hops.iter().rev().take(MAX_HOPS) {
            match self.header.hop_address(hop).map(|hop| hop.to_canonical()) {
                Some(hop) if self.trusted_proxies.trusts(hop) => nearest = hop,
                Some(client) => return client,
                None => return nearest,
            }
        }
        nearest
    }
}

/// Middleware: puts the request's [`ClientAddress`] among its extensions, for the server
/// functions (`joren_app::auth::client_address`).
pub async fn resolve(
    State(addresses): State<ClientAddresses>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let client = addresses.client_of(peer, request.headers());
        request.extensions_mut().insert(ClientAddress(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn behind(trusted: &str, header: ProxyHeader) -> ClientAddresses {
        ClientAddresses {
            trusted_proxies: TrustedProxies::parse(trusted).unwrap(),
            header,
        }
    }

    fn headers(name: &str, lines: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                line.parse().unwrap(),
            );
        }
        headers
    }

    fn xff(lines: &[&str]) -> HeaderMap {
        headers("x-forwarded-for", lines)
    }

    #[test]
    fn with_no_trusted_proxy_the_headers_are_ignored() {
        let direct = ClientAddresses::default();
        let forged = xff(&["203.0.113.7"]);
        assert_eq!(direct.client_of(ip("127.0.0.1"), &forged), ip("127.0.0.1"));
        assert_eq!(
            direct.client_of(ip("192.168.1.23"), &forged),
            ip("192.168.1.23")
        );
    }

    #[test]
    fn from_a_peer_that_is_not_trusted_the_headers_are_ignored() {
        let proxied = behind("127.0.0.1", ProxyHeader::XForwardedFor);
        assert_eq!(
            proxied.client_of(ip("192.168.1.23"), &xff(&["203.0.113.7"])),
            ip("192.168.1.23")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_nearest_hop_it_does_not_trust() {
        let proxied = behind("127.0.0.1, 10.0.0.0/8", ProxyHeader::XForwardedFor);
        let peer = ip("127.0.0.1");
        assert_eq!(
            proxied.client_of(peer, &xff(&["192.168.1.23"])),
            ip("192.168.1.23")
        );
        // What the client wrote itself is to the left of what the proxy saw.
        assert_eq!(
            proxied.client_of(peer, &xff(&["203.0.113.7, 192.168.1.23"])),
            ip("192.168.1.23")
        );
        // A chain of the shop's own proxies is walked through.
        assert_eq!(
            proxied.client_of(peer, &xff(&["203.0.113.7, 192.168.1.23, 10.1.2.3"])),
            ip("192.168.1.23")
        );
        // Several header lines are one list.
        assert_eq!(
            proxied.client_of(peer, &xff(&["203.0.113.7", "192.168.1.23, 10.1.2.3"])),
            ip("192.168.1.23")
        );
        // With no header the proxy itself is the client.
        assert_eq!(proxied.client_of(peer, &HeaderMap::new()), peer);
        // Every hop trusted: the farthest of them.
        assert_eq!(
            proxied.client_of(peer, &xff(&["10.9.9.9, 10.1.2.3"])),
            ip("10.9.9.9")
        );
    }

    #[test]
    fn a_hop_that_names_no_address_stops_the_walk_at_the_proxy_that_wrote_it() {
        let proxied = behind("127.0.0.1, 10.0.0.0/8", ProxyHeader::XForwardedFor);
        let peer = ip("127.0.0.1");
        assert_eq!(proxied.client_of(peer, &xff(&["unknown"])), peer);
        assert_eq!(
            proxied.client_of(peer, &xff(&["192.168.1.23, <script>, 10.1.2.3"])),
            ip("10.1.2.3")
        );
        // Garbage a client wrote to the left is never read.
        assert_eq!(
            proxied.client_of(peer, &xff(&["<b>x</b>, 192.168.1.23"])),
            ip("192.168.1.23")
        );
        // A line that is not text at all is not read: the proxy is then the client.
        let mut poisoned = HeaderMap::new();
        poisoned.append(
            "x-forwarded-for",
            http::HeaderValue::from_bytes(b"\xff\xfe, 192.168.1.23").unwrap(),
        );
        assert_eq!(proxied.client_of(peer, &poisoned), peer);
    }

    #[test]
    fn ports_brackets_and_ipv4_in_ipv6_are_read_as_the_address() {
        let proxied = behind("127.0.0.1, ::1", ProxyHeader::XForwardedFor);
        assert_eq!(
            proxied.client_of(ip("::1"), &xff(&["192.168.1.23:51234"])),
            ip("192.168.1.23")
        );
        assert_eq!(
            proxied.client_of(ip("127.0.0.1"), &xff(&["[2001:db8::17]:4711"])),
            ip("2001:db8::17")
        );
        // A server listening on [::] sees IPv4 peers as ::ffff:a.b.c.d.
        assert_eq!(
            proxied.client_of(ip("::ffff:127.0.0.1"), &xff(&["::ffff:192.168.1.23"])),
            ip("192.168.1.23")
        );
    }

    #[test]
    fn the_forwarded_header_is_read_only_when_chosen() {
        let peer = ip("127.0.0.1");
        let forwarded = headers(
            "forwarded",
            &[r#"for=203.0.113.7, for="[2001:db8:cafe::17]:4711";proto=https"#],
        );
        let by_forwarded = behind("127.0.0.1", ProxyHeader::Forwarded);
        assert_eq!(
            by_forwarded.client_of(peer, &forwarded),
            ip("2001:db8:cafe::17")
        );
        assert_eq!(
            by_forwarded.client_of(peer, &headers("forwarded", &["for=unknown"])),
            peer
        );
        // A proxy that writes X-Forwarded-For passes a client's own Forwarded on: not read.
        let by_xff = behind("127.0.0.1", ProxyHeader::XForwardedFor);
        assert_eq!(by_xff.client_of(peer, &forwarded), peer);
    }

    #[test]
    fn a_long_header_is_read_only_so_far() {
        let proxied = behind("10.0.0.0/8", ProxyHeader::XForwardedFor);
        let mut hops = vec!["192.168.1.23".to_owned()];
        hops.extend((0..MAX_HOPS).map(|n| format!("10.0.0.{n}")));
        let header = hops.join(", ");
        // The 32 hops read are all trusted: the farthest of them, not the client beyond.
        assert_eq!(
            proxied.client_of(ip("10.0.0.1"), &xff(&[&header])),
            ip("10.0.0.0")
        );
    }

    #[test]
    fn the_list_of_proxies_is_checked() {
        assert_eq!(TrustedProxies::parse("").unwrap(), TrustedProxies::none());
        let list = TrustedProxies::parse("127.0.0.1, ::1 10.0.0.0/8,").unwrap();
        assert!(list.trusts(ip("10.200.3.4")));
        assert!(list.trusts(ip("::1")));
        assert!(!list.trusts(ip("127.0.0.2")));
        // A network written with host bits set means the network.
        assert!(
            TrustedProxies::parse("192.168.1.77/24")
                .unwrap()
                .trusts(ip("192.168.1.5"))
        );
        let error = TrustedProxies::parse("127.0.0.1, localhost").unwrap_err();
        assert!(error.contains("'localhost'"), "{error}");
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert_eq!(
            ProxyHeader::parse("Forwarded").unwrap(),
            ProxyHeader::Forwarded
        );
        assert!(ProxyHeader::parse("x-real-ip").is_err());
    }
}
