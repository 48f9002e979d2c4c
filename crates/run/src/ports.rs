//! Are the ports free? Checked before anything is built or started, so a
//! taken port is one clear line — naming the process that holds it when
//! `/proc` tells — instead of a service dying at startup.

use std::net::TcpListener;

/// `Err("port 8080 (gateway) is taken by node (pid 4242)")` when the port
/// cannot be listened on the way the services do (all interfaces).
pub fn check(port: u16, what: &str) -> Result<(), String> {
    // One at a time: the first listener must be closed before the second
    // binds, or they would collide with each other.
    let free = ["0.0.0.0", "127.0.0.1"]
        .iter()
        .all(|host| TcpListener::bind((*host, port)).is_ok());
    if free {
        return Ok(());
    }
    let holder = holder(port)
        .map(|(name, pid)| format!(" by {name} (pid {pid})"))
        .unwrap_or_default();
    Err(format!("port {port} ({what}) is taken{holder}"))
}

/// The process listening on `port`, from `/proc/net/tcp{,6}` and the
/// processes' file descriptors (only those keel may read).
fn holder(port: u16) -> Option<(String, u32)> {
    let inode = listening_inodes(port).into_iter().next()?;
    let target = format!("socket:[{inode}]");
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if std::fs::read_link(fd.path()).is_ok_and(|l| l.to_string_lossy() == target) {
                let name = std::fs::read_to_string(entry.path().join("comm"))
                    .map(|c| c.trim().to_owned())
                    .unwrap_or_else(|_| "?".into());
                return Some((name, pid));
            }
        }
    }
    None
}

/// Socket inodes in state LISTEN (`0A`) on `port`.
fn listening_inodes(port: u16) -> Vec<String> {
    let mut out = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        out.extend(parse_listeners(&text, port));
    }
    out
}

fn parse_listeners(table: &str, port: u16) -> Vec<String> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let local_port = cols.get(1)?.rsplit(':').next()?;
            let listening = *cols.get(3)? == "0A";
            (listening && u16::from_str_radix(local_port, 16).ok()? == port)
                .then(|| cols.get(9).map(|s| (*s).to_owned()))
                .flatten()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_port_names_its_holder() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let err = check(port, "gateway").unwrap_err();
        let me = std::fs::read_to_string("/proc/self/comm").unwrap();
        assert_eq!(
            err,
            format!(
                "port {port} (gateway) is taken by {} (pid {})",
                me.trim(),
                std::process::id()
            )
        );
        drop(listener);
        assert_eq!(check(port, "gateway"), Ok(()));
    }

    #[test]
    fn reads_listeners_from_the_kernel_table() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
           0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0\n\
           1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 999 1 0000000000000000 100 0 0 10 0\n";
        assert_eq!(parse_listeners(table, 8080), vec!["12345".to_owned()]);
        assert!(parse_listeners(table, 8081).is_empty());
    }
}
