// A small history router: the console's pages are paths (the adapter serves
// index.html for every path outside /api), links push history entries.
import { createContext, MouseEvent, ReactNode, useContext, useEffect, useState } from "react";

export interface Location {
    path: string;
    search: URLSearchParams;
}

const LocationContext = createContext<Location>({ path: "/", search: new URLSearchParams() });

function current(): Location {
    return { path: window.location.pathname || "/", search: new URLSearchParams(window.location.search) };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
    if (options.replace) window.history.replaceState(null, "", to);
    else window.history.pushState(null, "", to);
    window.dispatchEvent(new Event("oi:navigate"));
}

export function RouterProvider({ children }: { children?: ReactNode }) {
    const [location, setLocation] = useState<Location>(current);
    useEffect(() => {
        const update = () => {
            setLocation(current());
            window.scrollTo(0, 0);
        };
        window.addEventListener("popstate", update);
        window.addEventListener("oi:navigate", update);
        return () => {
            window.removeEventListener("popstate", update);
            window.removeEventListener("oi:navigate", update);
        };
    }, []);
    return <LocationContext.Provider value={location}>{children}</LocationContext.Provider>;
}

export function useLocation(): Location {
    return useContext(LocationContext);
}

/** `pattern` like `/trace/:runId`; the named segments, or null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
    const want = pattern.split("/").filter(Boolean);
    const have = path.split("/").filter(Boolean);
    if (want.length !== have.length) return null;
    const params: Record<string, string> = {};
    for (let i = 0; i < want.length; i++) {
        if (want[i].startsWith(":")) {
            try {
                params[want[i].slice(1)] = decodeURIComponent(have[i]);
            } catch {
                return null;
            }
        } else if (want[i] !== have[i]) return null;
    }
    return params;
}

export function Link(props: { to: string; children?: ReactNode; className?: string; title?: string; "aria-current"?: "page" }) {
    const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(props.to);
    };
    return (
        <a href={props.to} className={props.className} title={props.title} aria-current={props["aria-current"]} onClick={onClick}>
            {props.children}
        </a>
    );
}
