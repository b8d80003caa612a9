// The console's entry: the connection, the router and the pages.
import { Component, ErrorInfo, ReactNode, StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppProvider } from "./app-context";
import { Layout } from "./components/Layout";
import { Empty } from "./components/States";
import { BlackboardIndex, BlackboardPage } from "./pages/BlackboardPage";
import { ChatPage } from "./pages/ChatPage";
import { MemoryPage } from "./pages/MemoryPage";
import { RunsPage } from "./pages/RunsPage";
import { SkillsPage } from "./pages/SkillsPage";
import { TeamPage } from "./pages/TeamPage";
import { TracePage } from "./pages/TracePage";
import { Link, match, RouterProvider, useLocation } from "./router";

const titles: [string, string][] = [
    ["/trace/", "Trace"], ["/runs", "Runs"], ["/orchestrator", "Team"], ["/blackboard", "Blackboard"], ["/skills", "Skills"], ["/memory", "Memory"],
];

function Page() {
    const { path } = useLocation();
    const title = titles.find(([prefix]) => path.startsWith(prefix))?.[1] ?? (path === "/" ? "Chat" : "Not found");
    document.title = `${title} · OpenIntern`;
    if (path === "/") return <ChatPage />;
    if (path === "/runs") return <RunsPage />;
    if (path === "/orchestrator") return <TeamPage />;
    if (path === "/blackboard") return <BlackboardIndex />;
    if (path === "/skills") return <SkillsPage />;
    if (path === "/memory") return <MemoryPage />;
    const trace = match("/trace/:runId", path);
    if (trace) return <TracePage key={trace.runId} runId={trace.runId} />;
    const board = match("/blackboard/:groupId", path);
    if (board) return <BlackboardPage key={board.groupId} groupId={board.groupId} />;
    return (
        <div className="page">
            <Empty title="This page does not exist (404)"><p><Link to="/">Go to Chat</Link></p></Empty>
        </div>
    );
}

/** A page that throws shows what happened instead of a blank screen. */
class ErrorBoundary extends Component<{ children?: ReactNode; resetKey: string }, { error: Error | null; key: string }> {
    state = { error: null as Error | null, key: this.props.resetKey };

    static getDerivedStateFromError(error: Error) {
        return { error };
    }

    componentDidCatch(error: Error, info: ErrorInfo) {
        console.error("console page failed", error, info.componentStack);
    }

    render() {
        if (this.state.error && this.state.key === this.props.resetKey) {
            return (
                <div className="page">
                    <div className="state state-error" role="alert">
                        <p className="state-title">This page failed to render</p>
                        <p className="state-hint">{this.state.error.message}</p>
                        <button type="button" onClick={() => this.setState({ error: null })}>Try again</button>
                    </div>
                </div>
            );
        }
        return this.props.children;
    }
}

function Shell() {
    const { path } = useLocation();
    return (
        <Layout>
            <ErrorBoundary key={path} resetKey={path}>
                <Page />
            </ErrorBoundary>
        </Layout>
    );
}

const container = document.getElementById("root");
if (container) {
    createRoot(container).render(
        <StrictMode>
            <AppProvider>
                <RouterProvider>
                    <Shell />
                </RouterProvider>
            </AppProvider>
        </StrictMode>,
    );
}
