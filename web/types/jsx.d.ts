// JSX for the automatic runtime (esbuild --jsx=automatic, tsc "jsx": "react-jsx"):
// the intrinsic elements the console renders, each with its typed attributes.

declare namespace JSX {
    type Element = import("react").ReactElement;
    interface ElementClass {
        render(): import("react").ReactNode;
    }
    interface ElementAttributesProperty {
        props: {};
    }
    interface ElementChildrenAttribute {
        children: {};
    }
    interface IntrinsicAttributes {
        key?: import("react").Key;
    }
    interface IntrinsicClassAttributes<T> {
        ref?: import("react").Ref<T>;
    }
    interface IntrinsicElements {
        a: import("react").AnchorHTMLAttributes<HTMLAnchorElement>;
        article: import("react").HTMLAttributes<HTMLElement>;
    aside: import("react").HTMLAttributes<HTMLElement>;
        b: import("react").HTMLAttributes<HTMLElement>;
        br: import("react").HTMLAttributes<HTMLBRElement>;
        button: import("react").ButtonHTMLAttributes<HTMLButtonElement>;
        caption: import("react").HTMLAttributes<HTMLTableCaptionElement>;
    code: import("react").HTMLAttributes<HTMLElement>;
        dd: import("react").HTMLAttributes<HTMLElement>;
        details: import("react").DetailsHTMLAttributes<HTMLDetailsElement>;
        dialog: import("react").DialogHTMLAttributes<HTMLDialogElement>;
        div: import("react").HTMLAttributes<HTMLDivElement>;
        dl: import("react").HTMLAttributes<HTMLDListElement>;
        dt: import("react").HTMLAttributes<HTMLElement>;
        em: import("react").HTMLAttributes<HTMLElement>;
        fieldset: import("react").FieldsetHTMLAttributes<HTMLFieldSetElement>;
        footer: import("react").HTMLAttributes<HTMLElement>;
        form: import("react").FormHTMLAttributes<HTMLFormElement>;
        h1: import("react").HTMLAttributes<HTMLHeadingElement>;
        h2: import("react").HTMLAttributes<HTMLHeadingElement>;
        h3: import("react").HTMLAttributes<HTMLHeadingElement>;
        h4: import("react").HTMLAttributes<HTMLHeadingElement>;
        header: import("react").HTMLAttributes<HTMLElement>;
        hr: import("react").HTMLAttributes<HTMLHRElement>;
        i: import("react").HTMLAttributes<HTMLElement>;
    input: import("react").InputHTMLAttributes<HTMLInputElement>;
        kbd: import("react").HTMLAttributes<HTMLElement>;
        label: import("react").LabelHTMLAttributes<HTMLLabelElement>;
        legend: import("react").HTMLAttributes<HTMLLegendElement>;
        li: import("react").HTMLAttributes<HTMLLIElement>;
        main: import("react").HTMLAttributes<HTMLElement>;
        meter: import("react").MeterHTMLAttributes<HTMLMeterElement>;
        nav: import("react").HTMLAttributes<HTMLElement>;
        ol: import("react").HTMLAttributes<HTMLOListElement>;
        option: import("react").OptionHTMLAttributes<HTMLOptionElement>;
        p: import("react").HTMLAttributes<HTMLParagraphElement>;
        pre: import("react").HTMLAttributes<HTMLPreElement>;
        section: import("react").HTMLAttributes<HTMLElement>;
        select: import("react").SelectHTMLAttributes<HTMLSelectElement>;
        small: import("react").HTMLAttributes<HTMLElement>;
        span: import("react").HTMLAttributes<HTMLSpanElement>;
        strong: import("react").HTMLAttributes<HTMLElement>;
        summary: import("react").HTMLAttributes<HTMLElement>;
        table: import("react").HTMLAttributes<HTMLTableElement>;
        tbody: import("react").HTMLAttributes<HTMLTableSectionElement>;
        td: import("react").TableCellHTMLAttributes<HTMLTableCellElement>;
        textarea: import("react").TextareaHTMLAttributes<HTMLTextAreaElement>;
        th: import("react").TableCellHTMLAttributes<HTMLTableCellElement>;
        thead: import("react").HTMLAttributes<HTMLTableSectionElement>;
        time: import("react").TimeHTMLAttributes<HTMLTimeElement>;
        tr: import("react").HTMLAttributes<HTMLTableRowElement>;
        ul: import("react").HTMLAttributes<HTMLUListElement>;
    }
}
