import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

// Model-written text is rendered as markdown only: raw HTML is dropped (skipHtml), images are
// shown as their alt text (no request to another host), links open in a new tab without
// handing it this window.
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  img: ({ alt }) => <span className="image-alt">[image: {alt ?? 'no description'}]</span>,
  table: ({ children }) => (
    <div className="table-scroll" tabIndex={0}>
      <table>{children}</table>
    </div>
  ),
};

export function MarkdownText({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {text}
      </Markdown>
    </div>
  );
}
