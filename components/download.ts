// Save text chunks as a file through a temporary link (no download permission needed).
export function download(name: string, chunks: BlobPart[], type: string): void {
  const url = URL.createObjectURL(new Blob(chunks, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has the blob once the click is handled; free it on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
