//! A real sshd on 127.0.0.1 for the shared desk's tests and benchmarks: its own config, host
//! key, port and authorized_keys, in a temporary folder, stopped when dropped. Each person gets
//! their own key, whose line in authorized_keys forces `galley server serve` as them, exactly
//! as the README's "Run a shared desk" sets up a server.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Sshd {
    pub dir: PathBuf,
    pub port: u16,
    child: Child,
    /// The `authorized_keys` lines written so far.
    lines: Vec<String>,
}

fn run(c: &mut Command) {
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("cannot run {c:?}: {e}"));
    assert!(
        out.status.success(),
        "{c:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn sshd_binary() -> PathBuf {
    for p in ["/usr/sbin/sshd", "/usr/local/sbin/sshd"] {
        if Path::new(p).exists() {
            return PathBuf::from(p);
        }
    }
    panic!("sshd is not installed: scripts/setup.sh installs openssh-server");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn user() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

impl Sshd {
    /// Starts sshd on a free port of 127.0.0.1 (and nowhere else).
    pub fn start(dir: &Path) -> Sshd {
        std::fs::create_dir_all(dir).unwrap();
        let host_key = dir.join("host_ed25519");
        run(Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&host_key));
        let keys = dir.join("authorized_keys");
        std::fs::write(&keys, "").unwrap();
        let port = free_port();
        let config = dir.join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "ListenAddress 127.0.0.1\nPort {port}\nHostKey {}\nAuthorizedKeysFile {}\nPidFile {}\n\
                 PasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n\
                 PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\nAllowUsers {}\n\
                 LogLevel ERROR\nMaxStartups 50\n",
                host_key.display(),
                keys.display(),
                dir.join("sshd.pid").display(),
                user(),
            ),
        )
        .unwrap();
        // sshd, run as root, wants its privilege-separation folder.
        let _ = std::fs::create_dir_all("/run/sshd");
        let child = Command::new(sshd_binary())
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(
                std::fs::File::create(dir.join("sshd.log")).unwrap(),
            ))
            .spawn()
            .expect("sshd starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "sshd did not listen on 127.0.0.1:{port}: {}",
                std::fs::read_to_string(dir.join("sshd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let known = dir.join("known_hosts");
        let pubkey = std::fs::read_to_string(host_key.with_extension("pub")).unwrap();
        std::fs::write(&known, format!("[127.0.0.1]:{port} {pubkey}")).unwrap();
        Sshd {
            dir: dir.to_path_buf(),
            port,
            child,
            lines: Vec::new(),
        }
    }

    /// Makes `person` a key whose authorized_keys line runs `galley server serve DESK --person
    /// NAME` and nothing else; gives the ssh command that uses it (for GIT_SSH_COMMAND or
    /// core.sshCommand).
    pub fn add_person(&mut self, galley: &Path, desk: &Path, person: &str) -> String {
        let key = self.dir.join(format!(
            "key-{}",
            person.replace(|c: char| !c.is_alphanumeric(), "_")
        ));
        if !key.exists() {
            run(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", person, "-f"])
                .arg(&key));
        }
        let pubkey = std::fs::read_to_string(key.with_extension("pub")).unwrap();
        self.lines.push(format!(
            "command=\"{} server serve {} --person '{}'\",restrict {}",
            galley.display(),
            desk.display(),
            person,
            pubkey.trim()
        ));
        std::fs::write(
            self.dir.join("authorized_keys"),
            self.lines.join("\n") + "\n",
        )
        .unwrap();
        self.ssh_command(&key)
    }

    pub fn ssh_command(&self, key: &Path) -> String {
        format!(
            "ssh -F /dev/null -i {} -o IdentitiesOnly=yes -o UserKnownHostsFile={} -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=5",
            key.display(),
            self.dir.join("known_hosts").display()
        )
    }

    /// The shared desk's URL over this sshd.
    pub fn url(&self, desk: &Path) -> String {
        format!("ssh://{}@127.0.0.1:{}{}", user(), self.port, desk.display())
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
