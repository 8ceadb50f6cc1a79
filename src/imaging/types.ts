/** The grayscale image type lives in io/ (the DICOM reader and the image decoders share it). */
export { type GrayImage, LUMA } from '../io/grayImage';
