// Proof that web/types/ types React for real: each line below misuses an API
// and must fail to type-check. If a declaration were loosened to `any`, its
// `@ts-expect-error` would be unused and `tsc --noEmit` would fail on it.
import { createContext, useContext, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";

export function Checks() {
    const [count, setCount] = useState(0);
    // @ts-expect-error a number state takes no string
    setCount("one");
    // @ts-expect-error an effect returns nothing or a clean-up function
    useEffect(() => 42, []);
    const ref = useRef<HTMLInputElement>(null);
    // @ts-expect-error a RefObject's current is read-only
    ref.current = null;
    const context = createContext({ name: "x" });
    // @ts-expect-error the context's value has no such field
    useContext(context).age;
    // @ts-expect-error createRoot takes an element
    createRoot("root");
    return (
        <div>
            {/* @ts-expect-error no such element */}
            <blink>old</blink>
            {/* @ts-expect-error a button's type is submit, reset or button */}
            <button type="link">x</button>
            {/* @ts-expect-error an input's change handler gets a ChangeEvent of an input */}
            <input onChange={(e: { target: { checked: number } }) => e.target.checked} />
            {/* @ts-expect-error style values are typed */}
            <span style={{ width: true }}>{count}</span>
            <input ref={ref} value={count} onChange={(e) => setCount(Number(e.target.value))} />
            <Greeting name="ann" />
            {/* @ts-expect-error a component's props are checked */}
            <Greeting name={3} />
        </div>
    );
}

function Greeting({ name }: { name: string }) {
    return <p>{name}</p>;
}
