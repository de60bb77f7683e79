import { useId, useState, type ReactNode } from 'react';
import { ScrollTable } from '../components/scroll-table.tsx';

// Every chart has its numbers as a table: the text alternative for screen readers and anyone
// who wants the exact values. Collapsed by default so the chart stays the first thing seen.

export interface TableColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

export function DataTable<Row>(props: {
  caption: string;
  columns: TableColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row, index: number) => string;
  footer?: ReactNode[];
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="data-table">
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide' : 'Show'} the values as a table
      </button>
      <ScrollTable id={id} hidden={!open} label={`${props.caption}: values`}>
        <table>
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((column) => (
                <th key={column.header} scope="col" className={column.numeric ? 'num' : undefined}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row, index) => (
              <tr key={props.rowKey(row, index)}>
                {props.columns.map((column) => (
                  <td key={column.header} className={column.numeric ? 'num' : undefined}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          {props.footer && (
            <tfoot>
              <tr>
                {props.footer.map((cell, index) => (
                  <td key={index} className={index > 0 ? 'num' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </ScrollTable>
    </div>
  );
}
