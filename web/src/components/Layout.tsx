// The frame of every page: the navigation, the adapter's health, and the
// connection (token and tenant) switcher.
import { ReactNode, useEffect, useState } from "react";
import { ApiError } from "../api/client";
import { useApp } from "../app-context";
import { Link, useLocation } from "../router";
import { ConnectionDialog } from "./ConnectionDialog";

const sections: { to: string; label: string; matches: (path: string) => boolean }[] = [
    { to: "/", label: "Chat", matches: (p) => p === "/" },
    { to: "/runs", label: "Runs", matches: (p) => p.startsWith("/runs") || p.startsWith("/trace") },
    { to: "/orchestrator", label: "Team", matches: (p) => p.startsWith("/orchestrator") },
    { to: "/blackboard", label: "Blackboard", matches: (p) => p.startsWith("/blackboard") },
    { to: "/skills", label: "Skills", matches: (p) => p.startsWith("/skills") },
    { to: "/memory", label: "Memory", matches: (p) => p.startsWith("/memory") },
];

type HealthState = { kind: "checking" } | { kind: "ok"; detail: string } | { kind: "degraded"; detail: string } | { kind: "down"; detail: string };

function useHealth(): HealthState {
    const { client } = useApp();
    const [state, setState] = useState<HealthState>({ kind: "checking" });
    useEffect(() => {
        let stopped = false;
        const check = async () => {
            try {
                const health = await client.health();
                if (stopped) return;
                setState(health.status === "ok"
                    ? { kind: "ok", detail: `host ${health.version} · ${health.storage.backend}` }
                    : { kind: "degraded", detail: `storage ${health.storage.state}${health.storage.error ? `: ${health.storage.error}` : ""}` });
            } catch (e) {
                if (stopped) return;
                setState({ kind: "down", detail: e instanceof ApiError && e.status === 0 ? "adapter unreachable" : e instanceof Error ? e.message : "down" });
            }
        };
        void check();
        const timer = window.setInterval(() => void check(), 15_000);
        return () => {
            stopped = true;
            window.clearInterval(timer);
        };
    }, [client]);
    return state;
}

export function Layout({ children }: { children?: ReactNode }) {
    const { path } = useLocation();
    const { profile, switcherOpen, openSwitcher } = useApp();
    const [menuOpen, setMenuOpen] = useState(false);
    const health = useHealth();
    useEffect(() => setMenuOpen(false), [path]);
    const who = profile.token ? `${profile.label} (token)` : `${profile.org || "?"} / ${profile.user || "?"}${profile.project ? ` / ${profile.project}` : ""}`;
    return (
        <div className="app">
            <a className="skip-link" href="#main">Skip to content</a>
            <header className="topbar">
                <Link to="/" className="brand">OpenIntern</Link>
                <button type="button" className="menu-toggle secondary" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen(!menuOpen)}>
                    Menu
                </button>
                <nav id="main-nav" className={`nav ${menuOpen ? "open" : ""}`} aria-label="Main">
                    {sections.map((s) => (
                        <Link key={s.to} to={s.to} className="nav-link" aria-current={s.matches(path) ? "page" : undefined}>{s.label}</Link>
                    ))}
                </nav>
                <div className="topbar-right">
                    <span className={`health health-${health.kind}`} role="status" title={health.kind === "checking" ? "checking" : health.detail}>
                        <span className="dot" aria-hidden={true} />
                        <span className="health-label">{health.kind === "checking" ? "checking" : health.kind === "ok" ? "connected" : health.kind === "degraded" ? "degraded" : "offline"}</span>
                    </span>
                    <button type="button" className="secondary connection-button" onClick={() => openSwitcher(true)} aria-haspopup="dialog" title="Token and tenant">
                        <span className="connection-label">{who}</span>
                    </button>
                </div>
            </header>
            {health.kind === "down" && (
                <div className="banner banner-error" role="alert">
                    The adapter cannot be reached ({health.detail}). Start it with <code>oi-host dev</code> or <code>oi-adapter</code>; this page retries every 15 s.
                </div>
            )}
            <main id="main" className="main" tabIndex={-1}>{children}</main>
            {switcherOpen && <ConnectionDialog onClose={() => openSwitcher(false)} />}
        </div>
    );
}
