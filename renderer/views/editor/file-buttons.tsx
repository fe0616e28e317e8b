// Open from and save to files on disk, in the renderer alone: an <input type=file> read with
// FileReader, and a Blob offered as a download. Both work in the Electron window and in a
// browser, and neither needs file-system access through the bridge.
import { useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function FileButtons({ fileName, text, onOpen }: { fileName: string; text: () => string; onOpen: (name: string, text: string) => void }): ReactNode {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const open = (file: File | undefined): void => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => onOpen(file.name, typeof reader.result === 'string' ? reader.result : '');
    reader.readAsText(file);
  };
  const save = (): void => {
    const url = URL.createObjectURL(new Blob([text()], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    // the download has its own reference to the blob by now
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        {t('editor.open')}
      </button>
      <input
        ref={input}
        className="file-input"
        type="file"
        accept=".yaml,.yml,.json,application/yaml,text/yaml"
        onChange={(e) => {
          open(e.target.files?.[0]);
          e.target.value = ''; // the same file may be opened again
        }}
      />
      <button type="button" onClick={save}>
        {t('editor.save')}
      </button>
    </>
  );
}
