//! What the terminal shows once Joren serves: the address the shop's tablet should open, as
//! text and as a QR code to scan with the tablet's camera.

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};

use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;

use crate::telemetry::LogFormat;

/// Interfaces that are never the shop's network: containers, virtual machines, tunnels.
const VIRTUAL_INTERFACES: [&str; 6] = ["lo", "docker", "br-", "veth", "virbr", "tun"];

/// The addresses a tablet on the shop's network can open, best first: for a server bound to
/// every address (`0.0.0.0`), this machine's own addresses (private IPv4 first, then other
/// IPv4; IPv6 only when bound to `[::]` and there is no IPv4); for one bound to a single
/// address, that one; for loopback, none.
pub fn tablet_urls(bound: SocketAddr, https: bool, interfaces: &[(String, IpAddr)]) -> Vec<String> {
    let scheme = if https { "https" } else { "http" };
    let url = |ip: IpAddr| format!("{scheme}://{}", SocketAddr::new(ip, bound.port()));
    let ip = bound.ip();
    if ip.is_loopback() {
        return Vec::new();
    }
    if !ip.is_unspecified() {
        return vec![url(ip)];
    }
    let usable = |ip: &IpAddr| match ip {
        IpAddr::V4(v4) => !(v4.is_loopback() || v4.is_link_local() || v4.is_unspecified()),
        IpAddr::V6(v6) => !(v6.is_loopback() || v6.is_unspecified() || v6.is_unicast_link_local()),
    };
    let mut found: Vec<IpAddr> = interfaces
        .iter()
        .filter(|(name, _)| {
            !VIRTUAL_INTERFACES
                .iter()
                .any(|prefix| name.starts_with(prefix))
        })
        .map(|(_, ip)| *ip)
        .filter(usable)
        .collect();
    if found.iter().any(IpAddr::is_ipv4) || bound.is_ipv4() {
        found.retain(IpAddr::is_ipv4);
    }
    // Private addresses (192.168.x.x, 10.x.x.x, 172.16–31.x.x) are the shop's Wi-Fi.
    found.sort_by_key(|ip| match ip {
        IpAddr::V4(v4) if v4.is_private() => 0,
        IpAddr::V4(_) => 1,
        IpAddr::V6(_) => 2,
    });
    found.dedup();
    found.into_iter().map(url).collect()
}

/// Prints the address to open (and, on a terminal, its QR code) to standard output; with
/// JSON logs, where every line must be an object, it is logged instead.
pub fn announce(bound: SocketAddr, https: bool, format: LogFormat) {
    let say = |text: String| match format {
        LogFormat::Text => println!("{text}"),
        LogFormat::Json => tracing::info!("{text}"),
    };
    let interfaces = local_ip_address::list_afinet_netifas().unwrap_or_else(|error| {
        tracing::warn!(%error, "cannot list this machine's network addresses");
        Vec::new()
    });
    let urls = tablet_urls(bound, https, &interfaces);
    let scheme = if https { "https" } else { "http" };
    let Some((first, others)) = urls.split_first() else {
        if bound.ip().is_loopback() {
            say(format!(
                "Joren is open on this computer only: {scheme}://{bound}\n\
                 A tablet cannot reach it there. To open Joren on the shop's tablet, start it \
                 with --addr 0.0.0.0:{port} (or JOREN_ADDR=0.0.0.0:{port}).",
                port = bound.port()
            ));
        } else {
            say(format!(
                "Joren is serving on {bound}; no network address of this machine was found."
            ));
        }
        return;
    };
    tracing::info!("the tablet opens {first}");
    if format == LogFormat::Json {
        for other in others {
            tracing::info!("the tablet may also open {other}");
        }
        return;
    }
    println!("Joren is ready. On the shop's tablet, open:\n\n    {first}\n");
    if std::io::stdout().is_terminal()
        && let Some(code) = terminal_qr(first)
    {
        println!("or scan this code with the tablet's camera:\n\n{code}");
    }
    for other in others {
        println!("(also reachable at {other})");
    }
}

/// The QR code as text, two rows of modules per line. Terminals are usually light text on a
/// dark background, so the light modules are drawn and the dark ones left blank.
fn terminal_qr(url: &str) -> Option<String> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interfaces() -> Vec<(String, IpAddr)> {
        [
            ("lo", "127.0.0.1"),
            ("docker0", "172.17.0.1"),
            ("eth0", "203.0.113.7"),
            ("wlan0", "192.168.1.20"),
            ("wlan0", "fe80::1"),
            ("wlan0", "2001:db8::20"),
            ("eth1", "169.254.3.4"),
        ]
        .into_iter()
        .map(|(name, ip)| (name.to_owned(), ip.parse().unwrap()))
        .collect()
    }

    #[test]
    fn every_address_means_the_shops_network_first() {
        let bound: SocketAddr = "0.0.0.0:3000".parse().unwrap();
        assert_eq!(
            tablet_urls(bound, false, &interfaces()),
            ["http://192.168.1.20:3000", "http://203.0.113.7:3000"]
        );
        assert_eq!(
            tablet_urls(bound, true, &interfaces())[0],
            "https://192.168.1.20:3000"
        );
    }

    #[test]
    fn ipv6_only_when_bound_to_it_and_there_is_no_ipv4() {
        let bound: SocketAddr = "[::]:3443".parse().unwrap();
        let only_v6 = vec![("wlan0".to_owned(), "2001:db8::20".parse().unwrap())];
        assert_eq!(
            tablet_urls(bound, true, &only_v6),
            ["https://[2001:db8::20]:3443"]
        );
        assert_eq!(
            tablet_urls(bound, true, &interfaces())[0],
            "https://192.168.1.20:3443"
        );
    }

    #[test]
    fn loopback_reaches_no_tablet_and_one_address_is_itself() {
        let loopback: SocketAddr = "127.0.0.1:3000".parse().unwrap();
        assert!(tablet_urls(loopback, false, &interfaces()).is_empty());
        let one: SocketAddr = "192.168.1.20:8080".parse().unwrap();
        assert_eq!(
            tablet_urls(one, false, &interfaces()),
            ["http://192.168.1.20:8080"]
        );
    }

    #[test]
    fn the_terminal_code_is_a_square_of_blocks() {
        let code = terminal_qr("http://192.168.1.20:3000").unwrap();
        let lines: Vec<&str> = code.lines().collect();
        let width = lines[0].chars().count();
        assert!(
            width >= 21 + 8,
            "a version-1 code and its quiet zone: {width}"
        );
        assert!(lines.iter().all(|line| line.chars().count() == width));
        assert_eq!(lines.len(), width.div_ceil(2));
        assert!(code.contains('█') || code.contains('▀'));
    }
}
