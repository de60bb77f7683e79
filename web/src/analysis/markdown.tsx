import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { ScrollTable } from '../components/scroll-table.tsx';

// Model-written text is rendered as markdown only: raw HTML is dropped (skipHtml), images are
// shown as their alt text (no request to another host), links open in a new tab without
// handing it this window.
//
// The text sits inside a screen that has its own h1, so its headings move one level down
// (`#` becomes h2 ... `#####` and `######` become h6): one h1 per page, and the outline stays
// in order.
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
  img: ({ alt }) => <span className="image-alt">[image: {alt ?? 'no description'}]</span>,
  table: ({ children }) => (
    <ScrollTable label="Table in the text">
      <table>{children}</table>
    </ScrollTable>
  ),
  h1: ({ children }) => <h2>{children}</h2>,
  h2: ({ children }) => <h3>{children}</h3>,
  h3: ({ children }) => <h4>{children}</h4>,
  h4: ({ children }) => <h5>{children}</h5>,
  h5: ({ children }) => <h6>{children}</h6>,
  h6: ({ children }) => <h6>{children}</h6>,
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
