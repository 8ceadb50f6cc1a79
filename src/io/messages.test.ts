import { describe, expect, it } from 'vitest';
import { aboutFile, joinSentences, sentence } from './messages';

describe('message assembly', () => {
  it('ends a reason with one full stop, keeping its own ? or .', () => {
    expect(sentence('truncated PNG: the file ends after 100 bytes')).toBe(
      'truncated PNG: the file ends after 100 bytes.',
    );
    expect(sentence('wrong label or wrong voxel size?')).toBe('wrong label or wrong voxel size?');
    expect(sentence('done.  ')).toBe('done.');
    expect(sentence('')).toBe('');
  });

  it('joins a reason and what the page did as two sentences (no "100 The", no "?. The")', () => {
    expect(joinSentences('the file ends after 100 bytes', 'The previous axial plane is kept.')).toBe(
      'the file ends after 100 bytes. The previous axial plane is kept.',
    );
    expect(
      joinSentences('Could not use the dropped file: wrong voxel size?', 'The previous shape is kept'),
    ).toBe('Could not use the dropped file: wrong voxel size? The previous shape is kept.');
    expect(joinSentences('one', null, false, '', 'two')).toBe('one. two.');
  });

  it('names the file once', () => {
    expect(aboutFile('empty_image.png', "'empty_image.png' is empty (0 bytes); expected an image file")).toBe(
      "'empty_image.png' is empty (0 bytes); expected an image file",
    );
    expect(aboutFile('a.png', 'not a PNG or JPEG image')).toBe("'a.png': not a PNG or JPEG image");
    expect(aboutFile('a.nii', 'a.nii: truncated')).toBe('a.nii: truncated');
  });
});
