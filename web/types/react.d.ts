// The parts of React 18 the console uses, typed by hand: Debian's node-react
// ships React itself but its @types/react cannot be used as it is (it needs
// csstype and @types/prop-types, which Debian does not ship beside it), and
// no npm registry is reachable (docs/decisions.md, "The web console"). Every
// export has a real type — no `any` — so `tsc --noEmit` fails on misuse;
// web/types/react.check.tsx proves that it does. Add what a new page needs
// here, with its real signature.

declare module "react" {
    export type Key = string | number;

    export interface ReactElement<P = unknown> {
        type: unknown;
        props: P;
        key: Key | null;
    }

    export type ReactNode = ReactElement | string | number | boolean | null | undefined | Iterable<ReactNode>;

    export interface RefObject<T> {
        readonly current: T | null;
    }
    export interface MutableRefObject<T> {
        current: T;
    }
    export type RefCallback<T> = (instance: T | null) => void;
    export type Ref<T> = RefObject<T> | RefCallback<T> | null;

    export type SetStateAction<S> = S | ((previous: S) => S);
    export type Dispatch<A> = (value: A) => void;
    export type DependencyList = ReadonlyArray<unknown>;
    export type EffectCallback = () => void | (() => void);

    export function useState<S>(initial: S | (() => S)): [S, Dispatch<SetStateAction<S>>];
    export function useState<S = undefined>(): [S | undefined, Dispatch<SetStateAction<S | undefined>>];
    export function useReducer<S, A>(reducer: (state: S, action: A) => S, initial: S): [S, Dispatch<A>];
    export function useEffect(effect: EffectCallback, deps?: DependencyList): void;
    export function useLayoutEffect(effect: EffectCallback, deps?: DependencyList): void;
    export function useRef<T>(initial: T): MutableRefObject<T>;
    export function useRef<T>(initial: T | null): RefObject<T>;
    export function useRef<T = undefined>(): MutableRefObject<T | undefined>;
    export function useMemo<T>(factory: () => T, deps: DependencyList): T;
    export function useCallback<F extends (...args: never[]) => unknown>(callback: F, deps: DependencyList): F;
    export function useId(): string;

    export interface Context<T> {
        Provider: ExoticComponent<{ value: T; children?: ReactNode }>;
        displayName?: string;
    }
    export function createContext<T>(defaultValue: T): Context<T>;
    export function useContext<T>(context: Context<T>): T;

    /** A component React defines itself (Fragment, StrictMode, a context's Provider). */
    export interface ExoticComponent<P> {
        (props: P): ReactElement | null;
        readonly $$typeof: symbol;
    }
    export const Fragment: ExoticComponent<{ children?: ReactNode }>;
    export const StrictMode: ExoticComponent<{ children?: ReactNode }>;

    export type FunctionComponent<P = {}> = (props: P) => ReactElement | null;

    export interface ErrorInfo {
        componentStack: string;
    }

    export class Component<P = {}, S = {}> {
        constructor(props: P);
        readonly props: Readonly<P>;
        state: Readonly<S>;
        setState<K extends keyof S>(state: Pick<S, K> | S | ((previous: Readonly<S>, props: Readonly<P>) => Pick<S, K> | S | null) | null): void;
        forceUpdate(): void;
        render(): ReactNode;
        componentDidMount?(): void;
        componentWillUnmount?(): void;
        componentDidCatch?(error: Error, info: ErrorInfo): void;
    }

    // Events: React's synthetic events, as far as the console reads them.
    export interface SyntheticEvent<T = Element, E = Event> {
        readonly currentTarget: T;
        readonly target: EventTarget;
        readonly nativeEvent: E;
        readonly defaultPrevented: boolean;
        readonly type: string;
        preventDefault(): void;
        stopPropagation(): void;
    }
    export interface UIEvent<T = Element, E = globalThis.UIEvent> extends SyntheticEvent<T, E> {}
    export interface KeyboardEvent<T = Element> extends UIEvent<T, globalThis.KeyboardEvent> {
        readonly key: string;
        readonly code: string;
        readonly shiftKey: boolean;
        readonly ctrlKey: boolean;
        readonly altKey: boolean;
        readonly metaKey: boolean;
        readonly repeat: boolean;
    }
    export interface MouseEvent<T = Element> extends UIEvent<T, globalThis.MouseEvent> {
        readonly button: number;
        readonly clientX: number;
        readonly clientY: number;
        readonly shiftKey: boolean;
        readonly ctrlKey: boolean;
        readonly altKey: boolean;
        readonly metaKey: boolean;
    }
    export interface FocusEvent<T = Element> extends UIEvent<T, globalThis.FocusEvent> {
        readonly relatedTarget: EventTarget | null;
    }
    export interface FormEvent<T = Element> extends SyntheticEvent<T> {}
    export interface ChangeEvent<T = Element> extends SyntheticEvent<T> {
        readonly target: EventTarget & T;
    }

    export type EventHandler<E> = (event: E) => void;
    export type ReactEventHandler<T = Element> = EventHandler<SyntheticEvent<T>>;
    export type KeyboardEventHandler<T = Element> = EventHandler<KeyboardEvent<T>>;
    export type MouseEventHandler<T = Element> = EventHandler<MouseEvent<T>>;
    export type FocusEventHandler<T = Element> = EventHandler<FocusEvent<T>>;
    export type FormEventHandler<T = Element> = EventHandler<FormEvent<T>>;
    export type ChangeEventHandler<T = Element> = EventHandler<ChangeEvent<T>>;

    /** The inline style properties the console sets (add more with their CSS value types). */
    export interface CSSProperties {
        background?: string;
        backgroundColor?: string;
        borderColor?: string;
        color?: string;
        display?: "none" | "block" | "inline" | "inline-block" | "flex" | "grid" | "contents";
        flex?: string | number;
        gap?: string | number;
        gridTemplateColumns?: string;
        height?: string | number;
        left?: string | number;
        marginLeft?: string | number;
        maxHeight?: string | number;
        maxWidth?: string | number;
        minWidth?: string | number;
        opacity?: number;
        paddingLeft?: string | number;
        position?: "static" | "relative" | "absolute" | "fixed" | "sticky";
        right?: string | number;
        top?: string | number;
        whiteSpace?: "normal" | "nowrap" | "pre" | "pre-wrap" | "pre-line";
        width?: string | number;
    }

    export interface AriaAttributes {
        "aria-busy"?: boolean;
        "aria-controls"?: string;
        "aria-current"?: boolean | "page" | "step" | "location" | "date" | "time";
        "aria-describedby"?: string;
        "aria-disabled"?: boolean;
        "aria-expanded"?: boolean;
        "aria-haspopup"?: boolean | "dialog" | "menu" | "listbox";
        "aria-hidden"?: boolean;
        "aria-invalid"?: boolean;
        "aria-label"?: string;
        "aria-labelledby"?: string;
        "aria-live"?: "off" | "polite" | "assertive";
        "aria-modal"?: boolean;
        "aria-pressed"?: boolean;
        "aria-selected"?: boolean;
        "aria-sort"?: "none" | "ascending" | "descending" | "other";
        "aria-valuemax"?: number;
        "aria-valuemin"?: number;
        "aria-valuenow"?: number;
    }

    export interface DOMAttributes<T> {
        children?: ReactNode;
        onBlur?: FocusEventHandler<T>;
        onClick?: MouseEventHandler<T>;
        onFocus?: FocusEventHandler<T>;
        onInput?: FormEventHandler<T>;
        onKeyDown?: KeyboardEventHandler<T>;
        onKeyUp?: KeyboardEventHandler<T>;
        onMouseEnter?: MouseEventHandler<T>;
        onMouseLeave?: MouseEventHandler<T>;
        onSubmit?: FormEventHandler<T>;
        onToggle?: ReactEventHandler<T>;
    }

    export interface HTMLAttributes<T> extends AriaAttributes, DOMAttributes<T> {
        ref?: Ref<T>;
        key?: Key;
        className?: string;
        hidden?: boolean;
        id?: string;
        lang?: string;
        role?: string;
        style?: CSSProperties;
        tabIndex?: number;
        title?: string;
    }
    export interface AnchorHTMLAttributes<T> extends HTMLAttributes<T> {
        download?: string | boolean;
        href?: string;
        rel?: string;
        target?: "_self" | "_blank" | "_parent" | "_top";
    }
    export interface ButtonHTMLAttributes<T> extends HTMLAttributes<T> {
        disabled?: boolean;
        form?: string;
        name?: string;
        type?: "submit" | "reset" | "button";
        value?: string;
    }
    export interface FormHTMLAttributes<T> extends HTMLAttributes<T> {
        /** Any control of the form changed (bubbles from its inputs). */
        onChange?: FormEventHandler<T>;
        noValidate?: boolean;
    }
    export interface InputHTMLAttributes<T> extends HTMLAttributes<T> {
        onChange?: ChangeEventHandler<T>;
        autoComplete?: string;
        autoFocus?: boolean;
        checked?: boolean;
        disabled?: boolean;
        list?: string;
        max?: number | string;
        maxLength?: number;
        multiple?: boolean;
        accept?: string;
        min?: number | string;
        name?: string;
        pattern?: string;
        placeholder?: string;
        readOnly?: boolean;
        required?: boolean;
        spellCheck?: boolean;
        step?: number | string;
        type?: "text" | "search" | "password" | "number" | "checkbox" | "radio" | "date" | "datetime-local" | "url" | "email" | "file" | "hidden";
        value?: string | number;
    }
    export interface TextareaHTMLAttributes<T> extends HTMLAttributes<T> {
        onChange?: ChangeEventHandler<T>;
        autoFocus?: boolean;
        disabled?: boolean;
        maxLength?: number;
        name?: string;
        placeholder?: string;
        readOnly?: boolean;
        required?: boolean;
        rows?: number;
        spellCheck?: boolean;
        value?: string;
    }
    export interface SelectHTMLAttributes<T> extends HTMLAttributes<T> {
        onChange?: ChangeEventHandler<T>;
        disabled?: boolean;
        multiple?: boolean;
        name?: string;
        required?: boolean;
        value?: string | ReadonlyArray<string>;
    }
    export interface OptionHTMLAttributes<T> extends HTMLAttributes<T> {
        disabled?: boolean;
        label?: string;
        value?: string;
    }
    export interface LabelHTMLAttributes<T> extends HTMLAttributes<T> {
        htmlFor?: string;
    }
    export interface DetailsHTMLAttributes<T> extends HTMLAttributes<T> {
        open?: boolean;
    }
    export interface TableCellHTMLAttributes<T> extends HTMLAttributes<T> {
        colSpan?: number;
        rowSpan?: number;
        scope?: "row" | "col" | "rowgroup" | "colgroup";
    }
    export interface TimeHTMLAttributes<T> extends HTMLAttributes<T> {
        dateTime?: string;
    }
    export interface MeterHTMLAttributes<T> extends HTMLAttributes<T> {
        max?: number;
        min?: number;
        value?: number;
    }
    export interface FieldsetHTMLAttributes<T> extends HTMLAttributes<T> {
        disabled?: boolean;
    }
    export interface DialogHTMLAttributes<T> extends HTMLAttributes<T> {
        open?: boolean;
    }
}

declare module "react/jsx-runtime" {
    import type { Key, ReactElement, ReactNode } from "react";
    export const Fragment: import("react").ExoticComponent<{ children?: ReactNode }>;
    export function jsx(type: unknown, props: object, key?: Key): ReactElement;
    export function jsxs(type: unknown, props: object, key?: Key): ReactElement;
}

declare module "react-dom/client" {
    import type { ReactNode } from "react";
    export interface Root {
        render(children: ReactNode): void;
        unmount(): void;
    }
    export function createRoot(container: Element | DocumentFragment): Root;
}
